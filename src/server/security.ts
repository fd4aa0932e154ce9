import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The security headers of every response (OWASP ASVS level 2, V14.4), set by @fastify/helmet on API, static and
 * error responses alike. The Content Security Policy allows scripts only from this origin: the built web app and
 * the Swagger UI at /api/docs load every script from a file, none inline. Styles need 'unsafe-inline' because
 * Ant Design (CSS-in-JS) and Swagger UI write `<style>` elements and style attributes at run time; that is the
 * one relaxation, and it allows no script. Images may be data:/blob: URIs (icons, chart exports).
 */
export function securityHeaders(options: { cookieSecure: boolean }): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only behind TLS: on plain http it would send the browser to an https port nobody listens on.
        ...(options.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // The same refusal for browsers that predate frame-ancestors.
    frameguard: { action: 'deny' },
    // Full URLs (with ids and search terms in them) stay within the site; other sites learn nothing.
    referrerPolicy: { policy: 'same-origin' },
    // HSTS pins the host to https for a year: only when the operator says the site is served over TLS.
    strictTransportSecurity: options.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}
