/**
 * The languages the server and the CLI speak, and how one is chosen: English is the source
 * and the default; Korean is the one translation. A locale tag (`ko`, `ko-KR`, `ko_KR.UTF-8`)
 * counts by its language only.
 */
export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];

/** The locale a tag asks for, English for anything we do not speak (or nothing). */
export function parseLocale(tag: string | undefined | null): Locale {
  const lang = /^([A-Za-z]{2,3})(?:[-_.@]|$)/.exec(tag?.trim() ?? "")?.[1]?.toLowerCase();
  return lang === "ko" ? "ko" : "en";
}

/** Whether `tag` names a locale we accept for `--locale` (exactly `en` or `ko`, any region). */
export function isLocaleTag(tag: string): boolean {
  return /^(en|ko)([-_][A-Za-z]{2})?$/i.test(tag);
}

/**
 * The locale of a POSIX environment, as gettext picks it: `LC_ALL` wins, then
 * `LC_MESSAGES`, then `LANG` (`LANGUAGE` is only a list of preferences within that).
 * `C`/`POSIX` and unset mean English.
 */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
    const v = env[name];
    if (v) return parseLocale(v);
  }
  return "en";
}
