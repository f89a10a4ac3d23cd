/**
 * Training: from ATT&CK and annotated reports to a saved extractor model.
 *
 * @example
 * import { trainModel, saveModel } from "./lib/train/mod.ts";
 * const model = await trainModel({ kb, reports });
 * await saveModel("models/default", model);
 */
export * from "./train.ts";
