/** Added to every republished record: where its bytes were copied from, as `<topic>/<partition>/<offset>`. */
export const REPLAYED_FROM_HEADER = 'orderflow-replayed-from';

export const replayedFrom = (record: { topic: string; partition: number; offset: string }): string =>
  `${record.topic}/${record.partition}/${record.offset}`;
