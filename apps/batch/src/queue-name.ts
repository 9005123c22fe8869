import { AppError } from "./errors.js";

/** BullMQ refuses `:` in queue names; the app also keeps them to characters that read well in Redis keys. */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) {
    throw new AppError("USAGE", `--queue ${JSON.stringify(name)}: use 1-100 letters, digits, '.', '_' or '-'`);
  }
  return name;
}

/** BullMQ job ids may not be integers nor contain `:`; a prefix and URI escaping keep every document id usable. */
export function jobIdOf(documentId: string): string {
  return `doc-${encodeURIComponent(documentId)}`;
}
