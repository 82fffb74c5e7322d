/* flowed.c: format=flowed (RFC 3676) lines joined back into the paragraphs they were. */
#include "mime/flowed.h"

#include <string.h>

#include "util/buf.h"

/* One physical line, taken apart. */
struct fl_line {
	const char *quote;	/* the quote marks as written, space included */
	size_t quote_len;
	unsigned depth;		/* how many '>' */
	const char *text;	/* after the quote marks and the stuffing space */
	size_t text_len;
	bool flowed;		/* ends in a space: the paragraph goes on */
};

/*
 * Quote marks are '>' characters; "> > " counts as depth 2 just as ">> "
 * does, since many clients write it so. The space after the marks, or a
 * leading space on an unquoted line, is stuffing (RFC 3676 4.4, 4.5).
 */
static void
fl_parse(const char *s, size_t n, struct fl_line *l)
{
	size_t i = 0;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	l->depth = 0;
	while (i < n && s[i] == '>') {
		l->depth++;
		i++;
		if (i + 1 < n && s[i] == ' ' && s[i + 1] == '>')
			i++;
	}
	if (i < n && s[i] == ' ')
		i++;
	l->quote = s;
	l->quote_len = l->depth > 0 ? i : 0;
	l->text = s + i;
	l->text_len = n - i;
	/* the signature separator "-- " is the one line that never flows */
	l->flowed = l->text_len > 0 && l->text[l->text_len - 1] == ' ' &&
	    !(l->text_len == 3 && memcmp(l->text, "-- ", 3) == 0);
}

static bool
fl_is_sig(const struct fl_line *l)
{
	return l->text_len == 3 && memcmp(l->text, "-- ", 3) == 0;
}

void
mime_flowed_decode(struct buf *out, const char *text, size_t len, bool delsp)
{
	struct fl_line l;
	size_t start = 0, end;
	bool in_para = false;
	unsigned depth = 0;

	buf_grow(out, len);
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);

		end = nl ? (size_t)(nl - text) : len;
		fl_parse(text + start, end - start, &l);
		/* flowed before another depth or a signature: fixed after all */
		if (in_para && (l.depth != depth || fl_is_sig(&l))) {
			buf_addc(out, '\n');
			in_para = false;
		}
		if (!in_para) {
			buf_add(out, l.quote, l.quote_len);
			depth = l.depth;
			in_para = true;
		}
		buf_add(out, l.text, l.text_len - (l.flowed && delsp ? 1 : 0));
		if (!l.flowed) {
			if (nl != NULL)
				buf_addc(out, '\n');
			in_para = false;
		}
		start = end + 1;
	}
	if (in_para && len > 0 && text[len - 1] == '\n')
		buf_addc(out, '\n');
}
