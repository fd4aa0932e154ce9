import { Flex, Spin } from 'antd';

/** A centred spinner filling the space it is given (the whole window when `fullScreen`). */
export function Loading({ fullScreen = false }: { fullScreen?: boolean }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: fullScreen ? '100vh' : 240 }}>
      <Spin size="large" />
    </Flex>
  );
}
