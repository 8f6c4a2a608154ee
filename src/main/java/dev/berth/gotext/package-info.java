/**
 * Go's text formats reproduced where Docker's messages depend on them: {@code strconv.Quote} ({@code %q}),
 * {@code encoding/json}'s quoted characters, {@code %g} for floats, and UTF-8 decoding with Go's replacement rules.
 * Pure functions over strings and bytes; imports nothing of berth's.
 * Vocabulary: a <em>rune</em> is a Unicode code point as Go's {@code utf8} package decodes it.
 */
package dev.berth.gotext;
