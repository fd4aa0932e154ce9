/** The exchange page of a resource; `tab` opens one of its tabs. */
export const exchangeResourceLink = (id: string, tab?: string) =>
  `/exchange/resources/${encodeURIComponent(id)}${tab ? `?tab=${tab}` : ''}`;
