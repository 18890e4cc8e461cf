// Text helpers shared by the index, the query side and the reranker.

/** Lower case, punctuation out, single spaces: the same question always embeds the same. */
export function normalize(text) {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const STOPWORDS = new Set(
  'a an and are can do does for get how i in is it me my of on the to was we what when where why you your'.split(
    ' ',
  ),
);

/** The words that carry meaning. */
export function terms(text) {
  return new Set(
    normalize(text)
      .split(' ')
      .filter((word) => word !== '' && !STOPWORDS.has(word)),
  );
}
