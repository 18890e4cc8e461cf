// The clocks the benchmarks time with. Process CPU time by default: on a machine shared with
// other jobs, time spent descheduled is not the code's.

/** The process's CPU time (user + system), µs. */
export function cpuUs() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** A nanosecond clock: the process's CPU time, or the wall clock when `wall`. */
export function nsClock(wall) {
  return wall ? () => Number(process.hrtime.bigint()) : () => cpuUs() * 1000;
}
