/** A resource as the sharing portal shows it; `apply` opens the request (or self-service) form. */
export const sharingResourceLink = (id: string, focus?: 'apply') =>
  `/sharing/resources/${encodeURIComponent(id)}${focus ? `?focus=${focus}` : ''}`;

/** My requests, with one request's details open. */
export const requestLink = (id: string) => `/sharing/requests?open=${encodeURIComponent(id)}`;

/** The grants page, with one grant's details open. */
export const grantLink = (id: string) => `/sharing/grants?open=${encodeURIComponent(id)}`;
