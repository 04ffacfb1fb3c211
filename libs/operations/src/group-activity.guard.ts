import { OrderflowError } from '@orderflow/errors';
import type { KafkaAdmin } from '@orderflow/kafka';

export interface AssertGroupStoppedOptions {
  admin: KafkaAdmin;
  /** The physical group id (prefix applied). */
  groupId: string;
  /** What to stop, for the message (e.g. the service from topics.yaml). */
  service?: string;
  /** Why the action needs a stopped group, for the message; default: an offset reset. */
  because?: string;
}

/** The live members of a group (client ids with their hosts); empty when the group is stopped. */
export const liveMembers = async ({ admin, groupId }: AssertGroupStoppedOptions): Promise<string[]> => {
  const { groups } = await admin.describeGroups([groupId]);
  return (groups[0]?.members ?? []).map((member) => `${member.clientId}@${member.clientHost}`);
};

/**
 * Committed offsets of a running group are owned by its members: a reset now would be overwritten by
 * their next commit, or be refused by the coordinator. So resets require a stopped group.
 */
export const assertGroupStopped = async (options: AssertGroupStoppedOptions): Promise<void> => {
  const members = await liveMembers(options);
  if (members.length === 0) return;
  const what = options.service === undefined ? 'the service that runs it' : `${options.service}`;
  throw new OrderflowError(
    'CONSUMER_GROUP_ACTIVE',
    `Group ${options.groupId} has ${members.length} live member(s) (${members.join(', ')}); ${options.because ?? 'offsets can only be reset while it is stopped'}. ` +
      `Stop ${what} (\`npx orderflow services down\` stops every service), wait until the members are gone, then run again.`,
    { context: { groupId: options.groupId, members } },
  );
};
