import { OrderflowError } from '@orderflow/errors';

/**
 * The group subscribes to the topics its `@EventPattern` handlers name; topics.yaml declares which topics
 * the group consumes (and so which retry tiers and alerts exist). Both must name the same topics: a handler
 * topics.yaml does not list would be read without a place in the plan, and a declared topic without a
 * handler would never be read. CONFIG_INVALID names the difference.
 */
export const checkSubscriptions = (
  group: { name: string; topics: readonly string[] },
  handled: readonly string[],
): void => {
  const declared = new Set(group.topics);
  const handledSet = new Set(handled);
  const undeclared = handled.filter((topic) => !declared.has(topic)).sort();
  const unhandled = group.topics.filter((topic) => !handledSet.has(topic)).sort();
  if (undeclared.length === 0 && unhandled.length === 0) return;
  const problems = [
    ...(undeclared.length > 0 ? [`handled but not declared in topics.yaml: ${undeclared.join(', ')}`] : []),
    ...(unhandled.length > 0
      ? [`declared in topics.yaml but without an @EventPattern handler: ${unhandled.join(', ')}`]
      : []),
  ];
  throw new OrderflowError(
    'CONFIG_INVALID',
    `Consumer group ${group.name} subscribes to other topics than topics.yaml declares (${problems.join('; ')}). ` +
      `Add the group to those topics' consumers in topics.yaml, or add or remove the handlers.`,
    { context: { group: group.name, undeclared, unhandled } },
  );
};
