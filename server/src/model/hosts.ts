/** Host names that mean the container itself (or every address of it), with the address a client then dials. */
export const LOOPBACK_ADDRESS: Readonly<Record<string, string>> = {
  localhost: "127.0.0.1",
  "ip6-localhost": "::1",
  "127.0.0.1": "127.0.0.1",
  "::1": "::1",
  "0.0.0.0": "0.0.0.0",
};

/** True for `localhost`, `127.0.0.1`, `::1`, `0.0.0.0`, `ip6-localhost` (any case). */
export function isLoopbackHost(host: string): boolean {
  return Object.hasOwn(LOOPBACK_ADDRESS, host.toLowerCase());
}
