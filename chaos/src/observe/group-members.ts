import type { TestNamespace } from '@orderflow/testing';
import { pollUntil } from '@orderflow/wait';

/** A consumer group's membership as the coordinator reports it. */
export interface Membership {
  state: string;
  memberIds: string[];
}

/** The group's state and member ids (the physical group: the namespace prefix plus the group's name). */
export const readMembership = async (namespace: TestNamespace, group: string): Promise<Membership> => {
  const admin = await namespace.admin();
  const { groups } = await admin.describeGroups([`${namespace.prefix}${group}`]);
  const [description] = groups;
  return {
    state: description?.state ?? 'Dead',
    memberIds: (description?.members ?? []).map((member) => member.memberId),
  };
};

/**
 * Polls the group until it is Stable and `accept` holds for its members; answers that membership, or
 * undefined once `timeoutMs` passed (the case reports it, rather than failing the whole run).
 */
export const whenMembership = async (
  namespace: TestNamespace,
  group: string,
  accept: (membership: Membership) => boolean,
  timeoutMs: number,
): Promise<Membership | undefined> =>
  pollUntil(
    async () => {
      const membership = await readMembership(namespace, group).catch(() => undefined);
      return membership?.state === 'Stable' && accept(membership) ? membership : undefined;
    },
    { description: `group ${group} to settle`, timeoutMs, intervalMs: 500 },
  ).catch(() => undefined);
