import { createTestNamespace, provisionNamespace } from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { benchKafka, benchProducer, disconnectAll, sendInBatches } from '../bench-kafka';
import { tallyOf } from '../key-tally';
import { describeRow } from '../measure';
import type { Round, RoundContext, RowResult } from '../round.types';
import { sampleOrder } from '../sample-orders';
import { R2_CONSUME } from './r2-nest-transport.round';
import { layerRow, type Layer } from './r3-layers';
import { pipelineRow } from './r3-pipeline';
import { probeRow, R3_FULL_RUNTIME, withProbeGroup } from './r3-probe';

export { R3_FULL_RUNTIME };

/** R3: our runtime one layer at a time, then the whole runtime, then the whole pipeline. */
export const r3Runtime: Round = {
  id: 'R3',
  name: 'orderflow runtime, layer by layer',
  async run(ctx: RoundContext) {
    const namespace = createTestNamespace(`bench-r3-${ctx.repetition}`);
    const kafka = benchKafka(ctx.settings, 'orderflow-bench-r3');
    const producer = await benchProducer(kafka);
    const rows: RowResult[] = [];
    const add = (row: RowResult): void => {
      rows.push(row);
      ctx.progress(describeRow(row));
    };
    try {
      const topics = withProbeGroup(loadTopicsFile());
      const { serde } = await provisionNamespace(namespace, {
        topics,
        schemaTopics: ['order.created', 'notification.sent'],
      });
      const orders = Array.from({ length: ctx.scaled(4) }, (_, index) => sampleOrder(index));
      const messages = await Promise.all(
        orders.map(async (order) => ({
          key: order.orderId,
          value: await serde.encode('order.created', order),
        })),
      );
      await sendInBatches(producer, `${namespace.prefix}order.created`, messages);
      const expected = tallyOf(orders.map((order) => order.orderId));

      for (const layer of ['decode', 'idempotency', 'follow-up'] as Layer[]) {
        add(await layerRow(layer, { kafka, settings: ctx.settings, namespace, serde, expected }));
      }
      const probe = await probeRow({ settings: ctx.settings, namespace, topics, expected });
      add({
        ...probe,
        baseline: `R2 ${R2_CONSUME}`,
        target: { description: 'the full consumer runtime ≥ 3× R2', ratioAtLeast: 3 },
      });
      add(await pipelineRow(ctx, kafka));
      return rows;
    } finally {
      await disconnectAll(producer);
      await namespace.cleanup();
    }
  },
};
