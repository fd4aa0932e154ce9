import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A section's heading (h2), sized for a section rather than a page. */
export function SectionTitle({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <Typography.Title level={2} id={id} style={{ fontSize: 20, marginTop: 0, marginBottom: 12 }}>
      {children}
    </Typography.Title>
  );
}

/** A card that is a labelled section, its title an h2. */
export function SectionCard({
  id,
  title,
  extra,
  children,
  testId,
}: {
  id: string;
  title: string;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section aria-labelledby={id} data-testid={testId}>
      <Card
        size="small"
        title={
          <Typography.Title level={2} id={id} style={{ fontSize: 17, margin: 0 }}>
            {title}
          </Typography.Title>
        }
        extra={extra}
        styles={{ body: { minWidth: 0 } }}
      >
        {children}
      </Card>
    </section>
  );
}

/**
 * A region that scrolls sideways inside its card when its content is wider (a table on a phone); it can take the
 * keyboard's focus so that it can be scrolled without a mouse (WCAG 2.1.1).
 */
export function ScrollRegion({
  label,
  children,
  testId,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      style={{ overflowX: 'auto', maxWidth: '100%' }}
      data-testid={testId}
    >
      <div style={{ minWidth: 'max-content' }}>{children}</div>
    </div>
  );
}
