import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useDocumentTitle } from './useDocumentTitle';

interface PageProps {
  title: string;
  /** Page-level actions, shown on the right of the title. */
  extra?: ReactNode;
  children: ReactNode;
}

export function Page({ title, extra, children }: PageProps) {
  useDocumentTitle(title);

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </Flex>
  );
}
