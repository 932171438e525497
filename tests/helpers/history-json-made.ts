// history.json is made as a 5-minute bucket begins or an on-battery period begins or ends, and
// handed back unchanged between (src/outputs/history-json.ts). A cycle's file is then checked
// against what new outputs drew in the cycle that made it, named by its generatedAt.

const generatedAtOf = (text: string) => (JSON.parse(text) as { generatedAt: string }).generatedAt;

/** Takes each cycle's history.json and a fresh build of it; true when the file equals the fresh build of the cycle that made it. */
export function historyJsonMatcher(): (kept: string, fresh: string) => boolean {
  const built = new Map<string, string>();
  return (kept, fresh) => {
    built.set(generatedAtOf(fresh), fresh);
    return built.get(generatedAtOf(kept)) === kept;
  };
}
