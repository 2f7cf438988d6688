// Worker thread: the version digest of a record's files (shared memory, nothing copied), while the loader parses them.
import { threadTask } from '../store/threadTask';
import { type DigestPart, versionDigest } from './versionDigest';

threadTask(async ({ base, parts }: { base: string; parts: DigestPart[] }) => versionDigest(base, parts));
