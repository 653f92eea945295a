package transcripts

import (
	"strings"
	"unicode"
)

// zeroWidthSpace is put around the characters of scripts written without spaces: the
// unicode61 tokenizer treats it as a separator, so each such character is a token, and a
// phrase of them matches anywhere in a run, as a word does in a spaced script.
const zeroWidthSpace = "\u200b"

// unspaced are the scripts written without spaces between words.
var unspaced = []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar}

// segment splits the runs of unspaced scripts in s into characters (see zeroWidthSpace).
func segment(s string) string {
	var b strings.Builder
	prev := false
	for _, r := range s {
		cur := unicode.IsOneOf(unspaced, r)
		if (cur || prev) && b.Len() > 0 {
			b.WriteString(zeroWidthSpace)
		}
		b.WriteRune(r)
		prev = cur
	}
	return b.String()
}

// unsegment undoes segment.
func unsegment(s string) string { return strings.ReplaceAll(s, zeroWidthSpace, "") }
