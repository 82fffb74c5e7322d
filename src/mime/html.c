/* html.c: HTML mail to plain text with one linear pass of a small tokenizer, no tree. */
#include "mime/html.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/str.h"
#include "util/vec.h"

/* List and quote levels shown; deeper ones are counted but indent no further. */
#define HTML_MAX_DEPTH	16
#define HTML_MAX_LINKS	1000	/* links listed at the end */
#define HTML_NAME_MAX	16	/* longer tag and entity names are not ones we know */
#define HTML_ENTITY_MAX	32
#define UTF8_REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/* Named character references: the common ones, sorted by strcmp for bsearch. */
struct html_entity {
	const char *name;
	uint32_t cp;
	bool legacy;	/* may stand without ';' (HTML5, as old pages write them) */
};

static const struct html_entity entities[] = {
	{ "AElig", 0x00c6, 1 }, { "AMP", 0x0026, 1 }, { "Aacute", 0x00c1, 1 },
	{ "Acirc", 0x00c2, 1 }, { "Agrave", 0x00c0, 1 }, { "Alpha", 0x0391, 0 },
	{ "Aring", 0x00c5, 1 }, { "Atilde", 0x00c3, 1 }, { "Auml", 0x00c4, 1 },
	{ "Beta", 0x0392, 0 }, { "COPY", 0x00a9, 1 }, { "Ccedil", 0x00c7, 1 },
	{ "Chi", 0x03a7, 0 }, { "Dagger", 0x2021, 0 }, { "Delta", 0x0394, 0 },
	{ "ETH", 0x00d0, 1 }, { "Eacute", 0x00c9, 1 }, { "Ecirc", 0x00ca, 1 },
	{ "Egrave", 0x00c8, 1 }, { "Epsilon", 0x0395, 0 }, { "Eta", 0x0397, 0 },
	{ "Euml", 0x00cb, 1 }, { "GT", 0x003e, 1 }, { "Gamma", 0x0393, 0 },
	{ "Iacute", 0x00cd, 1 }, { "Icirc", 0x00ce, 1 },
	{ "Igrave", 0x00cc, 1 }, { "Iota", 0x0399, 0 }, { "Iuml", 0x00cf, 1 },
	{ "Kappa", 0x039a, 0 }, { "LT", 0x003c, 1 }, { "Lambda", 0x039b, 0 },
	{ "Mu", 0x039c, 0 }, { "Ntilde", 0x00d1, 1 }, { "Nu", 0x039d, 0 },
	{ "OElig", 0x0152, 0 }, { "Oacute", 0x00d3, 1 }, { "Ocirc", 0x00d4, 1 },
	{ "Ograve", 0x00d2, 1 }, { "Omega", 0x03a9, 0 },
	{ "Omicron", 0x039f, 0 }, { "Oslash", 0x00d8, 1 },
	{ "Otilde", 0x00d5, 1 }, { "Ouml", 0x00d6, 1 }, { "Phi", 0x03a6, 0 },
	{ "Pi", 0x03a0, 0 }, { "Prime", 0x2033, 0 }, { "Psi", 0x03a8, 0 },
	{ "QUOT", 0x0022, 1 }, { "REG", 0x00ae, 1 }, { "Rho", 0x03a1, 0 },
	{ "Scaron", 0x0160, 0 }, { "Sigma", 0x03a3, 0 }, { "THORN", 0x00de, 1 },
	{ "Tau", 0x03a4, 0 }, { "Theta", 0x0398, 0 }, { "Uacute", 0x00da, 1 },
	{ "Ucirc", 0x00db, 1 }, { "Ugrave", 0x00d9, 1 },
	{ "Upsilon", 0x03a5, 0 }, { "Uuml", 0x00dc, 1 }, { "Xi", 0x039e, 0 },
	{ "Yacute", 0x00dd, 1 }, { "Yuml", 0x0178, 0 }, { "Zeta", 0x0396, 0 },
	{ "aacute", 0x00e1, 1 }, { "acirc", 0x00e2, 1 }, { "acute", 0x00b4, 1 },
	{ "aelig", 0x00e6, 1 }, { "agrave", 0x00e0, 1 }, { "alpha", 0x03b1, 0 },
	{ "amp", 0x0026, 1 }, { "apos", 0x0027, 0 }, { "aring", 0x00e5, 1 },
	{ "asymp", 0x2248, 0 }, { "atilde", 0x00e3, 1 }, { "auml", 0x00e4, 1 },
	{ "bdquo", 0x201e, 0 }, { "beta", 0x03b2, 0 }, { "brvbar", 0x00a6, 1 },
	{ "bull", 0x2022, 0 }, { "ccedil", 0x00e7, 1 }, { "cedil", 0x00b8, 1 },
	{ "cent", 0x00a2, 1 }, { "chi", 0x03c7, 0 }, { "circ", 0x02c6, 0 },
	{ "clubs", 0x2663, 0 }, { "copy", 0x00a9, 1 }, { "crarr", 0x21b5, 0 },
	{ "curren", 0x00a4, 1 }, { "dArr", 0x21d3, 0 }, { "dagger", 0x2020, 0 },
	{ "darr", 0x2193, 0 }, { "deg", 0x00b0, 1 }, { "delta", 0x03b4, 0 },
	{ "diams", 0x2666, 0 }, { "divide", 0x00f7, 1 },
	{ "eacute", 0x00e9, 1 }, { "ecirc", 0x00ea, 1 },
	{ "egrave", 0x00e8, 1 }, { "empty", 0x2205, 0 }, { "emsp", 0x2003, 0 },
	{ "ensp", 0x2002, 0 }, { "epsilon", 0x03b5, 0 }, { "equiv", 0x2261, 0 },
	{ "eta", 0x03b7, 0 }, { "eth", 0x00f0, 1 }, { "euml", 0x00eb, 1 },
	{ "euro", 0x20ac, 0 }, { "exist", 0x2203, 0 }, { "fnof", 0x0192, 0 },
	{ "forall", 0x2200, 0 }, { "frac12", 0x00bd, 1 },
	{ "frac14", 0x00bc, 1 }, { "frac34", 0x00be, 1 },
	{ "frasl", 0x2044, 0 }, { "gamma", 0x03b3, 0 }, { "ge", 0x2265, 0 },
	{ "gt", 0x003e, 1 }, { "hArr", 0x21d4, 0 }, { "harr", 0x2194, 0 },
	{ "hearts", 0x2665, 0 }, { "hellip", 0x2026, 0 },
	{ "iacute", 0x00ed, 1 }, { "icirc", 0x00ee, 1 }, { "iexcl", 0x00a1, 1 },
	{ "igrave", 0x00ec, 1 }, { "infin", 0x221e, 0 }, { "int", 0x222b, 0 },
	{ "iota", 0x03b9, 0 }, { "iquest", 0x00bf, 1 }, { "isin", 0x2208, 0 },
	{ "iuml", 0x00ef, 1 }, { "kappa", 0x03ba, 0 }, { "lArr", 0x21d0, 0 },
	{ "lambda", 0x03bb, 0 }, { "laquo", 0x00ab, 1 }, { "larr", 0x2190, 0 },
	{ "ldquo", 0x201c, 0 }, { "le", 0x2264, 0 }, { "loz", 0x25ca, 0 },
	{ "lrm", 0x200e, 0 }, { "lsaquo", 0x2039, 0 }, { "lsquo", 0x2018, 0 },
	{ "lt", 0x003c, 1 }, { "macr", 0x00af, 1 }, { "mdash", 0x2014, 0 },
	{ "micro", 0x00b5, 1 }, { "middot", 0x00b7, 1 }, { "minus", 0x2212, 0 },
	{ "mu", 0x03bc, 0 }, { "nabla", 0x2207, 0 }, { "nbsp", 0x00a0, 1 },
	{ "ndash", 0x2013, 0 }, { "ne", 0x2260, 0 }, { "not", 0x00ac, 1 },
	{ "ntilde", 0x00f1, 1 }, { "nu", 0x03bd, 0 }, { "oacute", 0x00f3, 1 },
	{ "ocirc", 0x00f4, 1 }, { "oelig", 0x0153, 0 }, { "ograve", 0x00f2, 1 },
	{ "omega", 0x03c9, 0 }, { "omicron", 0x03bf, 0 }, { "ordf", 0x00aa, 1 },
	{ "ordm", 0x00ba, 1 }, { "oslash", 0x00f8, 1 }, { "otilde", 0x00f5, 1 },
	{ "ouml", 0x00f6, 1 }, { "para", 0x00b6, 1 }, { "part", 0x2202, 0 },
	{ "permil", 0x2030, 0 }, { "phi", 0x03c6, 0 }, { "pi", 0x03c0, 0 },
	{ "plusmn", 0x00b1, 1 }, { "pound", 0x00a3, 1 }, { "prime", 0x2032, 0 },
	{ "prod", 0x220f, 0 }, { "psi", 0x03c8, 0 }, { "quot", 0x0022, 1 },
	{ "rArr", 0x21d2, 0 }, { "radic", 0x221a, 0 }, { "raquo", 0x00bb, 1 },
	{ "rarr", 0x2192, 0 }, { "rdquo", 0x201d, 0 }, { "reg", 0x00ae, 1 },
	{ "rho", 0x03c1, 0 }, { "rlm", 0x200f, 0 }, { "rsaquo", 0x203a, 0 },
	{ "rsquo", 0x2019, 0 }, { "sbquo", 0x201a, 0 }, { "scaron", 0x0161, 0 },
	{ "sdot", 0x22c5, 0 }, { "sect", 0x00a7, 1 }, { "shy", 0x00ad, 1 },
	{ "sigma", 0x03c3, 0 }, { "sigmaf", 0x03c2, 0 },
	{ "spades", 0x2660, 0 }, { "sum", 0x2211, 0 }, { "sup1", 0x00b9, 1 },
	{ "sup2", 0x00b2, 1 }, { "sup3", 0x00b3, 1 }, { "szlig", 0x00df, 1 },
	{ "tau", 0x03c4, 0 }, { "there4", 0x2234, 0 }, { "theta", 0x03b8, 0 },
	{ "thinsp", 0x2009, 0 }, { "thorn", 0x00fe, 1 }, { "tilde", 0x02dc, 0 },
	{ "times", 0x00d7, 1 }, { "trade", 0x2122, 0 }, { "uArr", 0x21d1, 0 },
	{ "uacute", 0x00fa, 1 }, { "uarr", 0x2191, 0 }, { "ucirc", 0x00fb, 1 },
	{ "ugrave", 0x00f9, 1 }, { "uml", 0x00a8, 1 }, { "upsilon", 0x03c5, 0 },
	{ "uuml", 0x00fc, 1 }, { "xi", 0x03be, 0 }, { "yacute", 0x00fd, 1 },
	{ "yen", 0x00a5, 1 }, { "yuml", 0x00ff, 1 }, { "zeta", 0x03b6, 0 },
	{ "zwj", 0x200d, 0 }, { "zwnj", 0x200c, 0 },
};

/* What a tag does to the text; tags not listed do nothing. */
enum html_kind {
	HK_BLOCK,	/* on a line of its own */
	HK_PARA,	/* with a blank line before and after */
	HK_BR,
	HK_HR,
	HK_LI,
	HK_UL,
	HK_OL,
	HK_QUOTE,
	HK_PRE,
	HK_CELL,
	HK_A,
	HK_IMG,
	HK_RAW,		/* content is not text (script, style, title): skipped */
};

struct html_elem {
	const char *name;
	enum html_kind kind;
};

/* Sorted by strcmp for bsearch. */
static const struct html_elem elems[] = {
	{ "a", HK_A },
	{ "address", HK_BLOCK },
	{ "article", HK_BLOCK },
	{ "aside", HK_BLOCK },
	{ "blockquote", HK_QUOTE },
	{ "br", HK_BR },
	{ "caption", HK_BLOCK },
	{ "center", HK_BLOCK },
	{ "dd", HK_BLOCK },
	{ "details", HK_BLOCK },
	{ "dir", HK_UL },
	{ "div", HK_BLOCK },
	{ "dl", HK_PARA },
	{ "dt", HK_BLOCK },
	{ "fieldset", HK_BLOCK },
	{ "figcaption", HK_BLOCK },
	{ "figure", HK_BLOCK },
	{ "footer", HK_BLOCK },
	{ "form", HK_BLOCK },
	{ "h1", HK_PARA },
	{ "h2", HK_PARA },
	{ "h3", HK_PARA },
	{ "h4", HK_PARA },
	{ "h5", HK_PARA },
	{ "h6", HK_PARA },
	{ "header", HK_BLOCK },
	{ "hr", HK_HR },
	{ "iframe", HK_RAW },
	{ "img", HK_IMG },
	{ "li", HK_LI },
	{ "main", HK_BLOCK },
	{ "menu", HK_UL },
	{ "nav", HK_BLOCK },
	{ "noembed", HK_RAW },
	{ "ol", HK_OL },
	{ "p", HK_PARA },
	{ "pre", HK_PRE },
	{ "script", HK_RAW },
	{ "section", HK_BLOCK },
	{ "style", HK_RAW },
	{ "summary", HK_BLOCK },
	{ "table", HK_BLOCK },
	{ "td", HK_CELL },
	{ "template", HK_RAW },
	{ "th", HK_CELL },
	{ "title", HK_RAW },
	{ "tr", HK_BLOCK },
	{ "ul", HK_UL },
};

/* Windows-1252 for 0x80..0x9F, which HTML5 applies to &#128; .. &#159;. */
static const uint16_t cp1252_c1[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/* One tag as the tokenizer saw it; attribute values point into the input. */
struct html_tag {
	char name[HTML_NAME_MAX + 1];	/* lower-cased; "" when too long */
	bool end;
	const char *href, *alt;
	size_t href_len, alt_len;
};

/* The converter's state: where the output stands and what is open. */
struct html_conv {
	struct buf *out;
	size_t base;		/* out->len at the start: trimming stops there */
	bool any;		/* some text has been written */
	bool at_bol;		/* the current line has not got its prefix yet */
	bool space_want;	/* collapsed white space owed before the next text */
	unsigned nls;		/* newlines written since the last text */
	unsigned nl_want;	/* newlines the next text must come after */
	unsigned quote, list, pre;
	bool pre_lead;		/* a newline right after <pre> is not content */
	bool ol[HTML_MAX_DEPTH];
	unsigned num[HTML_MAX_DEPTH];
	char marker[16];	/* "* " or "3. " for the next list line, or "" */
	bool link_open;
	size_t link_start;	/* out->len where the link's text began */
	struct buf href;
	struct strvec links;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static void
put_utf8(struct buf *out, uint32_t cp)
{
	char s[4];

	if (cp < 0x80) {
		buf_addc(out, (char)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, s, 3);
	} else {
		s[0] = (char)(0xf0 | cp >> 18);
		s[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		s[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, s, 4);
	}
}

static int
entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_entity *)elem)->name);
}

/* A numeric reference "&#..." at s: the code point HTML5 makes of it. */
static size_t
entity_numeric(const char *s, size_t n, uint32_t *cp)
{
	bool hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
	size_t i = hex ? 3 : 2, start = i;
	uint32_t v = 0;
	int d;

	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (hex && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			d = (s[i] | 0x20) - 'a' + 10;
		else
			break;
		/* keep reading digits, but stop growing: too big is too big */
		if (v <= 0x10ffff)
			v = v * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (i == start)
		return 0;
	if (v >= 0x80 && v <= 0x9f && cp1252_c1[v - 0x80] != 0)
		v = cp1252_c1[v - 0x80];
	else if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ||
	    (v >= 0x80 && v <= 0x9f))
		v = 0xfffd;
	*cp = v;
	return i < n && s[i] == ';' ? i + 1 : i;
}

/*
 * A character reference at s ('&'): its length, or 0 when it is none and
 * the '&' is plain text. In attribute values a reference without ';'
 * followed by a letter, digit or '=' stays text ("?a=1&copy=2").
 */
static size_t
entity_decode(const char *s, size_t n, bool in_attr, uint32_t *cp)
{
	const struct html_entity *e;
	char name[HTML_ENTITY_MAX + 1];
	size_t i;

	if (n > 1 && s[1] == '#')
		return entity_numeric(s, n, cp);
	for (i = 1; i < n && i <= HTML_ENTITY_MAX && is_alnum(s[i]); i++)
		name[i - 1] = s[i];
	if (i == 1 || i > HTML_ENTITY_MAX)
		return 0;
	name[i - 1] = '\0';
	e = bsearch(name, entities, sizeof(entities) / sizeof(entities[0]),
	    sizeof(entities[0]), entity_cmp);
	if (e == NULL)
		return 0;
	*cp = e->cp;
	if (i < n && s[i] == ';')
		return i + 1;
	if (!e->legacy || (in_attr && i < n && s[i] == '='))
		return 0;
	return i;
}

/* Trims the spaces that end the current line and ends it. */
static void
end_line(struct html_conv *c)
{
	size_t len = c->out->len;

	while (len > c->base && c->out->data[len - 1] == ' ')
		len--;
	buf_truncate(c->out, len);
	buf_addc(c->out, '\n');
	c->nls++;
	c->at_bol = true;
}

static unsigned
shown_depth(unsigned depth)
{
	return depth < HTML_MAX_DEPTH ? depth : HTML_MAX_DEPTH;
}

/* The start of a line: quote marks, then for list content the indent and marker. */
static void
write_prefix(struct html_conv *c, bool blank)
{
	unsigned i, level;

	for (i = 0; i < shown_depth(c->quote); i++)
		buf_add(c->out, "> ", 2);
	if (blank || (c->list == 0 && c->marker[0] == '\0'))
		return;
	level = shown_depth(c->list > 0 ? c->list : 1);
	for (i = 1; i < level; i++)
		buf_add(c->out, "  ", 2);
	if (c->marker[0] != '\0') {
		buf_adds(c->out, c->marker);
		c->marker[0] = '\0';
	} else {
		buf_add(c->out, "  ", 2);
	}
}

/* Writes the line breaks owed; none before the first text. */
static void
flush_breaks(struct html_conv *c)
{
	if (!c->any) {
		c->nl_want = 0;
		return;
	}
	while (c->nls < c->nl_want) {
		if (c->at_bol)
			write_prefix(c, true);
		end_line(c);
	}
	c->nl_want = 0;
}

/* Everything due before text is appended: breaks, prefix, a collapsed space. */
static void
begin_text(struct html_conv *c)
{
	flush_breaks(c);
	if (c->at_bol) {
		write_prefix(c, false);
		c->at_bol = false;
	} else if (c->space_want) {
		buf_addc(c->out, ' ');
	}
	c->space_want = false;
	c->any = true;
	c->nls = 0;
}

static void
want_break(struct html_conv *c, unsigned n)
{
	if (c->nl_want < n)
		c->nl_want = n;
}

static void
pre_newline(struct html_conv *c)
{
	flush_breaks(c);
	if (c->at_bol)
		write_prefix(c, true);
	end_line(c);
	c->any = true;
}

/* One character of text that is white space, as written or from a reference. */
static void
text_space(struct html_conv *c, char ch)
{
	if (c->pre == 0) {
		c->space_want = true;
		return;
	}
	if (ch == '\r')
		return;
	if (ch == '\n') {
		if (!c->pre_lead)
			pre_newline(c);
		c->pre_lead = false;
		return;
	}
	c->pre_lead = false;
	begin_text(c);
	buf_addc(c->out, ch);
}

static void
text_entity(struct html_conv *c, uint32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') {
		text_space(c, (char)cp);
		return;
	}
	c->pre_lead = false;
	if (cp == 0xad)		/* a soft hyphen shows only where a line breaks */
		return;
	begin_text(c);
	if (cp == 0xa0)		/* a space that was not to be collapsed */
		buf_addc(c->out, ' ');
	else
		put_utf8(c->out, cp);
}

/* Appends text found between tags (decode: character references are still in it). */
static void
text_add(struct html_conv *c, const char *s, size_t n, bool decode)
{
	size_t i = 0, run, m;
	uint32_t cp;

	while (i < n) {
		if (is_space(s[i])) {
			text_space(c, s[i++]);
			continue;
		}
		if (decode && s[i] == '&' &&
		    (m = entity_decode(s + i, n - i, false, &cp)) > 0) {
			text_entity(c, cp);
			i += m;
			continue;
		}
		for (run = 1; i + run < n && !is_space(s[i + run]) &&
		    !(decode && s[i + run] == '&'); run++)
			;
		c->pre_lead = false;
		begin_text(c);
		buf_add(c->out, s + i, run);
		i += run;
	}
}

/* An attribute value with its references decoded. */
static void
attr_decode(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, m;
	uint32_t cp;

	while (i < n) {
		if (s[i] == '&' && (m = entity_decode(s + i, n - i, true, &cp)) > 0) {
			put_utf8(out, cp);
			i += m;
		} else {
			buf_addc(out, s[i++]);
		}
	}
}

/* Reads one attribute at s[i], keeping href and alt values; returns where it ends. */
static size_t
attr_parse(const char *s, size_t n, size_t i, struct html_tag *t)
{
	size_t name = i, name_len, val, val_len;
	const char *q;

	while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>' &&
	    (s[i] != '=' || i == name))
		i++;
	name_len = i - name;
	while (i < n && is_space(s[i]))
		i++;
	if (i >= n || s[i] != '=')
		return i;
	for (i++; i < n && is_space(s[i]); i++)
		;
	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		val = i + 1;
		if ((q = memchr(s + val, s[i], n - val)) == NULL)
			return n;
		val_len = (size_t)(q - (s + val));
		i = val + val_len + 1;
	} else {
		for (val = i; i < n && !is_space(s[i]) && s[i] != '>'; i++)
			;
		val_len = i - val;
	}
	if (name_len == 4 && str_ncasecmp_ascii(s + name, "href", 4) == 0) {
		t->href = s + val;
		t->href_len = val_len;
	} else if (name_len == 3 && str_ncasecmp_ascii(s + name, "alt", 3) == 0) {
		t->alt = s + val;
		t->alt_len = val_len;
	}
	return i;
}

/*
 * Reads a start or end tag at s ('<'). Returns its length, or 0 when the '<'
 * starts no tag ("a < b", "<<<<") and is text. A tag cut off by the end of
 * the input takes the rest, as in a browser.
 */
static size_t
tag_parse(const char *s, size_t n, struct html_tag *t)
{
	size_t i = 1, k = 0;

	memset(t, 0, sizeof(*t));
	if (i < n && s[i] == '/') {
		t->end = true;
		i++;
	}
	if (i >= n || !is_alpha(s[i]))
		return 0;
	for (; i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>'; i++) {
		if (k < HTML_NAME_MAX)
			t->name[k] = (char)(s[i] | (is_alpha(s[i]) ? 0x20 : 0));
		k++;
	}
	if (k > HTML_NAME_MAX)
		t->name[0] = '\0';
	for (;;) {
		while (i < n && (is_space(s[i]) || s[i] == '/'))
			i++;
		if (i >= n)
			return n;
		if (s[i] == '>')
			return i + 1;
		i = attr_parse(s, n, i, t);
	}
}

/* Comments, <!DOCTYPE>, <![CDATA[ and <?...>: skipped, as a browser does. */
static size_t
markup_skip(const char *s, size_t n)
{
	const char *e;

	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		/* from s + 2, so that "<!-->" ends itself as in HTML5 */
		e = memmem(s + 2, n - 2, "-->", 3);
		return e ? (size_t)(e - s) + 3 : n;
	}
	e = memchr(s + 1, '>', n - 1);
	return e ? (size_t)(e - s) + 1 : n;
}

/* Where the raw text of a <script>-like element ends: at "</name", or the end. */
static size_t
raw_end(const char *s, size_t n, const char *name)
{
	size_t len = strlen(name), i = 0, j;
	const char *p;

	while ((p = memchr(s + i, '<', n - i)) != NULL) {
		i = (size_t)(p - s);
		j = i + 2 + len;
		if (j <= n && s[i + 1] == '/' &&
		    str_ncasecmp_ascii(s + i + 2, name, len) == 0 &&
		    (j == n || is_space(s[j]) || s[j] == '/' || s[j] == '>'))
			return i;
		i++;
	}
	return n;
}

static void
link_close(struct html_conv *c)
{
	const char *text, *href = buf_cstr(&c->href);
	size_t len;

	if (!c->link_open)
		return;
	c->link_open = false;
	text = buf_cstr(c->out) + c->link_start;
	len = c->out->len - c->link_start;
	while (len > 0 && is_space(text[len - 1]))
		len--;
	while (len > 0 && is_space(*text)) {
		text++;
		len--;
	}
	/* a link that shows its own address needs no footnote */
	if (str_starts_with(href, "mailto:"))
		href += 7;
	if (strlen(href) == len && memcmp(href, text, len) == 0)
		return;
	if (strvec_len(&c->links) >= HTML_MAX_LINKS)
		return;
	strvec_push(&c->links, buf_cstr(&c->href));
	c->space_want = len > 0;
	begin_text(c);
	buf_addf(c->out, "[%zu]", strvec_len(&c->links));
}

/* An <a>: links inside the page and to scripts are not worth listing. */
static void
link_open(struct html_conv *c, const struct html_tag *t)
{
	const char *url;
	size_t i, n;
	char *h;

	link_close(c);
	if (t->href == NULL)
		return;
	buf_reset(&c->href);
	attr_decode(&c->href, t->href, t->href_len);
	/* URL parsing drops tabs and newlines inside an address */
	h = c->href.data;
	for (i = 0, n = 0; i < c->href.len; i++)
		if (h[i] != '\t' && h[i] != '\n' && h[i] != '\r')
			h[n++] = h[i];
	while (n > 0 && h[n - 1] == ' ')
		n--;
	buf_truncate(&c->href, n);
	for (i = 0; i < n && h[i] == ' '; i++)
		;
	buf_consume(&c->href, i);
	url = buf_cstr(&c->href);
	if (*url == '\0' || *url == '#' ||
	    str_ncasecmp_ascii(url, "javascript:", 11) == 0)
		return;
	c->link_open = true;
	c->link_start = c->out->len;
}

static void
list_item(struct html_conv *c)
{
	unsigned level = c->list;

	want_break(c, 1);
	if (level > 0 && level <= HTML_MAX_DEPTH && c->ol[level - 1]) {
		c->num[level - 1]++;
		snprintf(c->marker, sizeof(c->marker), "%u. ", c->num[level - 1]);
	} else {
		memcpy(c->marker, "* ", 3);
	}
}

static void
list_open(struct html_conv *c, bool ordered)
{
	want_break(c, c->list == 0 ? 2 : 1);
	c->list++;
	if (c->list <= HTML_MAX_DEPTH) {
		c->ol[c->list - 1] = ordered;
		c->num[c->list - 1] = 0;
	}
}

static void
list_close(struct html_conv *c)
{
	if (c->list > 0)
		c->list--;
	c->marker[0] = '\0';
	want_break(c, c->list == 0 ? 2 : 1);
}

static void
line_break(struct html_conv *c)
{
	unsigned n = (c->nl_want > c->nls ? c->nl_want : c->nls) + 1;

	/* more than one blank line in a row is spacing, not content */
	c->nl_want = n < 2 ? n : 2;
}

static void
horizontal_rule(struct html_conv *c)
{
	want_break(c, 1);
	begin_text(c);
	buf_adds(c->out, "----");
	want_break(c, 1);
}

static int
elem_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_elem *)elem)->name);
}

static void
block_tag(struct html_conv *c, enum html_kind kind, bool end)
{
	switch (kind) {
	case HK_QUOTE:
		/* blank lines around a quote belong to the outer level */
		want_break(c, 1);
		if (!end) {
			flush_breaks(c);
			c->quote++;
		} else if (c->quote > 0) {
			c->quote--;
		}
		break;
	case HK_PRE:
		want_break(c, 2);
		if (!end)
			c->pre++;
		else if (c->pre > 0)
			c->pre--;
		c->pre_lead = !end;
		break;
	case HK_UL:
	case HK_OL:
		if (end)
			list_close(c);
		else
			list_open(c, kind == HK_OL);
		break;
	case HK_LI:
		if (end)
			want_break(c, 1);
		else
			list_item(c);
		break;
	default:
		want_break(c, kind == HK_PARA ? 2 : 1);
		break;
	}
}

/* Applies a tag to the state; true when raw text to be skipped follows. */
static bool
tag_apply(struct html_conv *c, const struct html_tag *t)
{
	const struct html_elem *e;
	struct buf alt = BUF_INIT;

	e = bsearch(t->name, elems, sizeof(elems) / sizeof(elems[0]),
	    sizeof(elems[0]), elem_cmp);
	if (e == NULL)
		return false;
	switch (e->kind) {
	case HK_RAW:
		return !t->end;
	case HK_BR:
		line_break(c);
		break;
	case HK_HR:
		horizontal_rule(c);
		break;
	case HK_CELL:
		c->space_want = true;
		break;
	case HK_A:
		if (t->end)
			link_close(c);
		else
			link_open(c, t);
		break;
	case HK_IMG:
		attr_decode(&alt, t->alt, t->alt_len);
		text_add(c, buf_cstr(&alt), alt.len, false);
		buf_free(&alt);
		break;
	default:
		block_tag(c, e->kind, t->end);
		break;
	}
	return false;
}

/* Text ends on one newline; the links follow after a blank line. */
static void
finish(struct html_conv *c)
{
	size_t i;

	link_close(c);
	if (c->any && !c->at_bol)
		end_line(c);
	if (strvec_len(&c->links) > 0)
		buf_addc(c->out, '\n');
	for (i = 0; i < strvec_len(&c->links); i++)
		buf_addf(c->out, "[%zu] %s\n", i + 1, strvec_get(&c->links, i));
	strvec_free(&c->links);
	buf_free(&c->href);
}

void
mime_html_to_text(struct buf *out, const char *html, size_t len)
{
	struct html_conv c;
	struct html_tag t;
	size_t i = 0, run, n;

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.base = out->len;
	c.at_bol = true;
	buf_init(&c.href);
	strvec_init(&c.links);
	while (i < len) {
		for (run = 0; i + run < len && html[i + run] != '<'; run++)
			;
		text_add(&c, html + i, run, true);
		if ((i += run) >= len)
			break;
		if (i + 1 < len && (html[i + 1] == '!' || html[i + 1] == '?')) {
			n = markup_skip(html + i, len - i);
		} else if ((n = tag_parse(html + i, len - i, &t)) > 0) {
			if (tag_apply(&c, &t))
				n += raw_end(html + i + n, len - i - n, t.name);
		} else if (i + 1 < len && html[i + 1] == '/') {
			n = markup_skip(html + i, len - i);
		} else {
			text_add(&c, "<", 1, false);
			n = 1;
		}
		i += n;
	}
	finish(&c);
}
