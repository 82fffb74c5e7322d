/* encword.c: RFC 2047 encoded words: decoding what senders write, encoding what we send. */
#include "mime/encword.h"

#include <stdbool.h>
#include <string.h>

#include "mime/charset.h"
#include "mime/codec.h"
#include "mime/limits.h"
#include "util/buf.h"
#include "util/str.h"

#define EW_CHARSET_MAX	64	/* a longer "charset" is not one */
#define EW_LINE_MAX	78	/* RFC 5322 2.1.1 */
#define EW_WORD_RAW_MAX	900	/* longest word left unencoded, under the 998 limit */
#define EW_WORD_MAX	75	/* RFC 2047 2: one encoded word */
#define EW_PREFIX	"=?UTF-8?"
#define EW_OVERHEAD	12	/* "=?UTF-8?Q?" and "?=" */

/* One encoded word found in header text. */
struct ew {
	const char *cs;		/* charset label, language suffix cut off */
	size_t cs_len;
	char enc;		/* 'B' or 'Q' */
	const char *text;
	size_t text_len;
	size_t len;		/* of the whole word, "=?" to "?=" */
};

/* Decoded bytes of adjacent words in one charset, waiting to be converted together. */
struct ew_pending {
	struct buf bytes;
	const char *cs;
	size_t cs_len;
};

static bool
is_wsp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Parses the encoded word that starts at s ("=?"). Every scan stops at the
 * first '?' or line end, so trying each "=?" in a header stays linear.
 * Encoded text may hold spaces (some senders put them there) but not '?'.
 */
static bool
ew_parse(const char *s, size_t n, struct ew *w)
{
	size_t i, j;

	for (i = 2; i < n && s[i] != '?'; i++)
		if ((unsigned char)s[i] <= ' ' || i - 2 >= EW_CHARSET_MAX)
			return false;
	if (i + 2 >= n || s[i + 2] != '?')
		return false;
	w->enc = (char)(s[i + 1] & ~0x20);
	if (w->enc != 'B' && w->enc != 'Q')
		return false;
	for (j = i + 3; j < n && s[j] != '?' && s[j] != '\r' && s[j] != '\n'; j++)
		;
	if (j + 1 >= n || s[j] != '?' || s[j + 1] != '=')
		return false;
	w->cs = s + 2;
	w->cs_len = i - 2;
	for (size_t k = 0; k < w->cs_len; k++)
		if (w->cs[k] == '*')	/* RFC 2231 language: "utf-8*de" */
			w->cs_len = k;
	if (w->cs_len == 0)
		return false;
	w->text = s + i + 3;
	w->text_len = j - (i + 3);
	w->len = j + 2;
	return true;
}

/* Whether two labels name one charset, so that their bytes may be joined. */
static bool
same_charset(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *na = mime_charset_name(a, alen);
	const char *nb = mime_charset_name(b, blen);

	if (na != NULL && nb != NULL)
		return strcmp(na, nb) == 0;
	return na == nb && alen == blen && str_ncasecmp_ascii(a, b, alen) == 0;
}

static void
pending_flush(struct buf *out, struct ew_pending *p)
{
	if (p->cs == NULL)
		return;
	mime_charset_to_utf8(out, p->cs, p->cs_len, buf_cstr(&p->bytes),
	    p->bytes.len);
	buf_reset(&p->bytes);
	p->cs = NULL;
}

/* Text outside encoded words: UTF-8 where it is, else Windows-1252. */
static void
plain_add(struct buf *out, const char *s, size_t n)
{
	if (n > 0)
		mime_charset_to_utf8(out, "unknown-8bit", 12, s, n);
}

static bool
all_wsp(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_wsp(s[i]))
			return false;
	return true;
}

/*
 * Adds a word's bytes to the pending run. A character split across two
 * words only decodes when their bytes meet before conversion.
 */
static void
pending_add(struct buf *out, struct ew_pending *p, const struct ew *w)
{
	if (p->cs != NULL && !same_charset(p->cs, p->cs_len, w->cs, w->cs_len))
		pending_flush(out, p);
	p->cs = w->cs;
	p->cs_len = w->cs_len;
	if (w->enc == 'B')
		mime_b64_decode(&p->bytes, w->text, w->text_len);
	else
		mime_q_decode(&p->bytes, w->text, w->text_len);
}

void
mime_ew_decode(struct buf *out, const char *in, size_t len)
{
	struct ew_pending p = { BUF_INIT, NULL, 0 };
	size_t i = 0, plain = 0, words = 0;
	struct ew w;

	while (i + 1 < len) {
		if (in[i] != '=' || in[i + 1] != '?' ||
		    words >= MIME_MAX_ENCODED_WORDS ||
		    !ew_parse(in + i, len - i, &w)) {
			i++;
			continue;
		}
		/* white space between two encoded words is not text */
		if (words == 0 || !all_wsp(in + plain, i - plain)) {
			pending_flush(out, &p);
			plain_add(out, in + plain, i - plain);
		}
		pending_add(out, &p, &w);
		words++;
		i += w.len;
		plain = i;
	}
	pending_flush(out, &p);
	plain_add(out, in + plain, len - plain);
	buf_free(&p.bytes);
}

/* Characters RFC 5322 allows in an atom. */
static bool
is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != 0 && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/*
 * Output width of byte c in Q encoding. In a phrase only letters, digits and
 * "!*+-/" may stand for themselves (RFC 2047 5 (3)).
 */
static size_t
q_width(unsigned char c, bool phrase)
{
	if (c == ' ')
		return 1;
	if (phrase)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c != 0 && strchr("!*+-/", c)) ? 1 : 3;
	return c > ' ' && c < 0x7f && c != '=' && c != '?' && c != '_' ? 1 : 3;
}

static void
q_put(struct buf *out, const char *s, size_t n, bool phrase)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ') {
			buf_addc(out, '_');
		} else if (q_width(c, phrase) == 1) {
			buf_addc(out, (char)c);
		} else {
			buf_addc(out, '=');
			buf_addc(out, hex[c >> 4]);
			buf_addc(out, hex[c & 0xf]);
		}
	}
}

/* Whether a word (no white space in it) must be encoded to survive as it is. */
static bool
word_needs_encoding(const char *s, size_t n, bool phrase)
{
	/*
	 * A word too long for even the 998-byte hard limit must be split, and
	 * only encoded words can be; shorter long words (URLs) stay readable.
	 */
	if (n > EW_WORD_RAW_MAX)
		return true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || (phrase && !is_atext(c)))
			return true;
		if (c == '=' && i + 1 < n && s[i + 1] == '?')
			return true;
	}
	return false;
}

/* The encoder's state: where the output line stands. */
struct ew_writer {
	struct buf *out;
	size_t col;
	bool phrase;
	bool b64;	/* the current run is written in B, not Q */
};

/*
 * Writes white space `ws` (may be empty) that precedes `need` columns of
 * text, folding in front of it when the text would pass the line limit.
 * Folding needs white space to stand on, so without any the line runs long.
 */
static void
put_space(struct ew_writer *w, const char *ws, size_t wslen, size_t need)
{
	if (wslen > 0 && w->col > 0 && w->col + wslen + need > EW_LINE_MAX) {
		buf_add(w->out, "\r\n", 2);
		w->col = 0;
	}
	buf_add(w->out, ws, wslen);
	w->col += wslen;
}

/* Bytes of s[0..n) that fit into `room` encoded columns, whole characters only. */
static size_t
chunk_fit(const struct ew_writer *w, const char *s, size_t n, size_t room)
{
	size_t i = 0, used = 0, cl, width;
	int32_t cp;

	while (i < n) {
		cl = str_utf8_next(s + i, n - i, &cp);
		if (w->b64) {
			width = (i + cl + 2) / 3 * 4;
		} else {
			width = used;
			for (size_t k = 0; k < cl; k++)
				width += q_width((unsigned char)s[i + k], w->phrase);
		}
		if (width > room)
			break;
		used = width;
		i += cl;
	}
	if (i == 0)	/* no room even for one character: it goes anyway */
		i = str_utf8_next(s, n, &cp);
	return i;
}

static size_t
q_length(const char *s, size_t n, bool phrase)
{
	size_t width = 0;

	for (size_t i = 0; i < n; i++)
		width += q_width((unsigned char)s[i], phrase);
	return width;
}

/*
 * Writes s[0..n) (words and the white space between them) as encoded words,
 * after the white space ws. Encoded words are separated by folding white
 * space only, which decoders drop, so the run comes back exactly.
 */
static void
put_encoded_run(struct ew_writer *w, const char *ws, size_t wslen,
    const char *s, size_t n)
{
	size_t pos = 0, room, take;
	bool first = true;

	w->b64 = (n + 2) / 3 * 4 < q_length(s, n, w->phrase);
	while (pos < n) {
		if (first)
			put_space(w, ws, wslen, EW_OVERHEAD + 12);
		else
			put_space(w, " ", 1, EW_OVERHEAD + 12);
		first = false;
		room = EW_LINE_MAX > w->col + EW_OVERHEAD ?
		    EW_LINE_MAX - w->col - EW_OVERHEAD : 0;
		if (room > EW_WORD_MAX - EW_OVERHEAD)
			room = EW_WORD_MAX - EW_OVERHEAD;
		take = chunk_fit(w, s + pos, n - pos, room);
		buf_adds(w->out, EW_PREFIX);
		buf_add(w->out, w->b64 ? "B?" : "Q?", 2);
		if (w->b64)
			mime_b64_encode(w->out, s + pos, take, 0);
		else
			q_put(w->out, s + pos, take, w->phrase);
		buf_add(w->out, "?=", 2);
		w->col += EW_OVERHEAD + (w->b64 ? (take + 2) / 3 * 4 :
		    q_length(s + pos, take, w->phrase));
		pos += take;
	}
}

static size_t
span_wsp(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static size_t
span_word(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	return i;
}

/*
 * The common encoder: words that need it are encoded, together with the
 * white space between neighbours that need it too; the rest stays as written.
 */
static size_t
encode_text(struct buf *out, const char *s, size_t n, size_t col, bool phrase)
{
	struct ew_writer w = { out, col, phrase, false };
	size_t i = 0, ws, word, end, next_ws, next_end;

	while (i < n) {
		ws = i;
		word = span_wsp(s, i, n);
		end = span_word(s, word, n);
		if (word == end) {	/* trailing white space */
			put_space(&w, s + ws, end - ws, 0);
			break;
		}
		if (!word_needs_encoding(s + word, end - word, phrase)) {
			put_space(&w, s + ws, word - ws, end - word);
			buf_add(out, s + word, end - word);
			w.col += end - word;
			i = end;
			continue;
		}
		for (;;) {
			next_ws = span_wsp(s, end, n);
			next_end = span_word(s, next_ws, n);
			if (next_ws == next_end || !word_needs_encoding(s + next_ws,
			    next_end - next_ws, phrase))
				break;
			end = next_end;
		}
		put_encoded_run(&w, s + ws, word - ws, s + word, end - word);
		i = end;
	}
	return w.col;
}

size_t
mime_ew_encode(struct buf *out, const char *utf8, size_t len, size_t col)
{
	return encode_text(out, utf8, len, col, false);
}

/* An ASCII phrase that is not a plain run of atoms goes in quotes. */
static bool
phrase_needs_quotes(const char *s, size_t n)
{
	if (s[0] == ' ' || s[n - 1] == ' ')
		return true;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' && s[i + 1] == ' ')
			return true;
		if (s[i] != ' ' && !is_atext((unsigned char)s[i]))
			return true;
	}
	return false;
}

size_t
mime_ew_encode_phrase(struct buf *out, const char *utf8, size_t len, size_t col)
{
	size_t i;

	if (len == 0)
		return col;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)utf8[i];

		if (c < 0x20 || c >= 0x7f ||
		    (c == '=' && i + 1 < len && utf8[i + 1] == '?'))
			return encode_text(out, utf8, len, col, true);
	}
	if (!phrase_needs_quotes(utf8, len))
		return encode_text(out, utf8, len, col, true);
	buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		if (utf8[i] == '"' || utf8[i] == '\\') {
			buf_addc(out, '\\');
			col++;
		}
		buf_addc(out, utf8[i]);
	}
	buf_addc(out, '"');
	return col + len + 2;
}
