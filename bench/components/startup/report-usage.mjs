// Imported first by every measured start (`--import` of this file, then the set-up's own): at
// exit, the process's CPU time and peak RSS go to the file named by STARTUP_USAGE_FILE.
import { writeFileSync } from 'node:fs';

process.once('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(
    process.env.STARTUP_USAGE_FILE,
    JSON.stringify({ cpuUs: u.userCPUTime + u.systemCPUTime, maxRssKiB: u.maxRSS }),
  );
});
