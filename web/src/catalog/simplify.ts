type Convert = (text: string) => string;

const HAN = /\p{Script=Han}/u;
let converter: Promise<Convert> | null = null;

/**
 * Traditional Chinese to Simplified (the server searches both; this lets the page highlight what it found).
 * The converter is loaded on first use only, and a failure leaves the text as it is.
 */
export async function toSimplified(text: string): Promise<string> {
  if (!HAN.test(text)) return text;
  converter ??= import('opencc-js/t2cn').then((OpenCC) => OpenCC.Converter({ from: 'tw', to: 'cn' }));
  try {
    return (await converter)(text);
  } catch {
    converter = null;
    return text;
  }
}
