import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DOWNLOAD_TYPES, type DownloadFormat } from './downloads.ts';
import { DatasetParams } from './schema.ts';
import { Moment } from './versions-schema.ts';

const TAGS = ['open data'];

const CsvQuery = Type.Object(
  {
    bom: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1,
        default: 0,
        description: '1: begin with a UTF-8 byte order mark, so Excel reads the Chinese text right',
      }),
    ),
    asOf: Type.Optional(Moment('The records as they were then')),
  },
  { additionalProperties: false },
);
const AsOfQuery = Type.Object(
  { asOf: Type.Optional(Moment('The records as they were then')) },
  { additionalProperties: false },
);

/** RFC 5987 `ext-value` text: percent-encoded UTF-8, with the characters encodeURIComponent leaves but attr-char does not. */
function rfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Whole open datasets as files (public, no sign-in): `download.csv` (RFC 4180, UTF-8, `?bom=1` for Excel),
 * `download.json` (an array of objects) and `download.xlsx` (typed cells), each streamed as it is read and named
 * after the dataset's title. The addresses are those CKAN's resources carry (`ckan.ts`).
 */
export const downloadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { open } = app.services;

  const send = async (
    req: FastifyRequest,
    reply: FastifyReply,
    name: string,
    format: DownloadFormat,
    bom: boolean,
    asOfText?: string,
  ) => {
    const asOf = asOfText === undefined ? undefined : open.versions.moment(asOfText);
    const d = await open.downloads.start(name, format, {
      asOf,
      bom,
      headOnly: req.method === 'HEAD',
      gate: open.developers.access.gate(req, 'download'),
    });
    if (req.method !== 'HEAD') open.developers.access.countDownload(req);
    reply
      .type(d.contentType)
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-disposition',
        `attachment; filename="${d.asciiFilename}"; filename*=UTF-8''${rfc5987(d.filename)}`,
      );
    return reply.send(d.body ?? undefined);
  };

  const file = (format: DownloadFormat, description: string) => ({
    produces: [DOWNLOAD_TYPES[format].split(';')[0]!],
    params: DatasetParams,
    response: { 200: Type.Unknown({ description }) },
    tags: TAGS,
  });

  app.get(
    '/open/api/datasets/:name/download.csv',
    {
      schema: {
        ...file('csv', 'A CSV file: a header row of the open items, one line per record'),
        operationId: 'downloadOpenDatasetCsv',
        summary:
          'An open dataset as CSV (RFC 4180, UTF-8, streamed): the open items in catalog order, sensitive items never',
        querystring: CsvQuery,
      },
    },
    async (req, reply) => send(req, reply, req.params.name, 'csv', req.query.bom === 1, req.query.asOf),
  );

  app.get(
    '/open/api/datasets/:name/download.json',
    {
      schema: {
        ...file('json', 'A JSON array: one object per record, the open items as keys'),
        operationId: 'downloadOpenDatasetJson',
        summary: 'An open dataset as a JSON array (streamed): one object per record, sensitive items never',
        querystring: AsOfQuery,
      },
    },
    async (req, reply) => send(req, reply, req.params.name, 'json', false, req.query.asOf),
  );

  app.get(
    '/open/api/datasets/:name/download.xlsx',
    {
      schema: {
        ...file('xlsx', 'An Excel workbook: a header row, one row per record, typed cells'),
        operationId: 'downloadOpenDatasetXlsx',
        summary:
          'An open dataset as an Excel workbook (streamed): numbers as numbers, dates as dates, sensitive items never',
        querystring: AsOfQuery,
      },
    },
    async (req, reply) => send(req, reply, req.params.name, 'xlsx', false, req.query.asOf),
  );
};
