// An ntfy webhook's topic, read the same way where the config checks it and where a hook is sent.

/** The URL's last path segment, as typed (still percent-encoded); '' when the URL has none. */
export const ntfyTopicSegment = (url: URL): string => url.pathname.split('/').filter(Boolean).pop() ?? '';

/** The segment decoded, or null when it is not valid percent-encoding (a "%" without two hex digits). */
export function decodedTopic(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
