/** Where long-running stack work reports progress, one line at a time. */
export type StackReporter = (line: string) => void;

export const silentReporter: StackReporter = () => undefined;
