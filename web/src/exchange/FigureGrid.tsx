import type { ReactNode } from 'react';

/** Figure cards in equal columns that wrap by the space available (none stretched alone on a row). */
export function FigureGrid({ min = 170, children }: { min?: number; children: ReactNode }) {
  return (
    <div
      style={{ display: 'grid', gap: 16, gridTemplateColumns: `repeat(auto-fill, minmax(${min}px, 1fr))` }}
    >
      {children}
    </div>
  );
}
