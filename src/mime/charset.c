/* charset.c: MIME charset labels to iconv names, and text from any of them to UTF-8. */
#include "mime/charset.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/str.h"

#define UTF8_REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */
#define LABEL_MAX		40	/* longer labels are not charsets */
#define ICONV_CHUNK		4096

/*
 * How a charset is converted. Most go through iconv as they are; the others
 * need care iconv alone does not give.
 */
enum cs_kind {
	CS_ICONV,	/* ASCII-compatible: pure ASCII input needs no iconv */
	CS_STATEFUL,	/* 7-bit but stateful (UTF-7, ISO-2022-KR): always iconv */
	CS_UTF8,	/* checked, ill-formed bytes become U+FFFD */
	CS_GUESS,	/* UTF-8, then Windows-1252 for bytes that are not UTF-8 */
	CS_UTF16,	/* a byte order mark wins over the label */
	CS_UTF32,
	CS_ISO2022JP,	/* mapped onto CP932, which has the vendor characters */
};

struct cs_alias {
	const char *key;	/* the label lower-cased, letters and digits only */
	const char *name;	/* what iconv calls it */
	enum cs_kind kind;
};

/*
 * Sorted by key for bsearch. Where a label names a subset of what senders
 * really use, it maps to the superset, as browsers do: ISO-8859-1 and ASCII
 * to Windows-1252, GB2312 to GBK, EUC-KR to CP949, Shift_JIS to CP932,
 * Big5 to Big5-HKSCS, ISO-8859-9 to Windows-1254, TIS-620 to Windows-874.
 */
static const struct cs_alias aliases[] = {
	{ "ansix341968", "WINDOWS-1252", CS_GUESS },
	{ "arabic", "ISO-8859-6", CS_ICONV },
	{ "ascii", "WINDOWS-1252", CS_GUESS },
	{ "big5", "BIG5-HKSCS", CS_ICONV },
	{ "big5hkscs", "BIG5-HKSCS", CS_ICONV },
	{ "chinese", "GBK", CS_ICONV },
	{ "cnbig5", "BIG5-HKSCS", CS_ICONV },
	{ "cp1250", "WINDOWS-1250", CS_ICONV },
	{ "cp1251", "WINDOWS-1251", CS_ICONV },
	{ "cp1252", "WINDOWS-1252", CS_ICONV },
	{ "cp1253", "WINDOWS-1253", CS_ICONV },
	{ "cp1254", "WINDOWS-1254", CS_ICONV },
	{ "cp1255", "WINDOWS-1255", CS_ICONV },
	{ "cp1256", "WINDOWS-1256", CS_ICONV },
	{ "cp1257", "WINDOWS-1257", CS_ICONV },
	{ "cp1258", "WINDOWS-1258", CS_ICONV },
	{ "cp367", "WINDOWS-1252", CS_GUESS },
	{ "cp437", "CP437", CS_ICONV },
	{ "cp819", "WINDOWS-1252", CS_ICONV },
	{ "cp850", "CP850", CS_ICONV },
	{ "cp852", "CP852", CS_ICONV },
	{ "cp866", "CP866", CS_ICONV },
	{ "cp874", "WINDOWS-874", CS_ICONV },
	{ "cp932", "CP932", CS_ICONV },
	{ "cp936", "GBK", CS_ICONV },
	{ "cp949", "CP949", CS_ICONV },
	{ "cp950", "CP950", CS_ICONV },
	{ "csascii", "WINDOWS-1252", CS_GUESS },
	{ "csbig5", "BIG5-HKSCS", CS_ICONV },
	{ "cseuckr", "CP949", CS_ICONV },
	{ "cseucpkdfmtjapanese", "EUC-JP-MS", CS_ICONV },
	{ "csgb2312", "GBK", CS_ICONV },
	{ "csiso2022jp", "ISO-2022-JP", CS_ISO2022JP },
	{ "csisolatin1", "WINDOWS-1252", CS_ICONV },
	{ "csisolatin2", "ISO-8859-2", CS_ICONV },
	{ "cskoi8r", "KOI8-R", CS_ICONV },
	{ "csshiftjis", "CP932", CS_ICONV },
	{ "csunicode11utf7", "UTF-7", CS_STATEFUL },
	{ "csutf8", "UTF-8", CS_UTF8 },
	{ "cyrillic", "ISO-8859-5", CS_ICONV },
	{ "euccn", "GBK", CS_ICONV },
	{ "eucjp", "EUC-JP-MS", CS_ICONV },
	{ "euckr", "CP949", CS_ICONV },
	{ "gb18030", "GB18030", CS_ICONV },
	{ "gb2312", "GBK", CS_ICONV },
	{ "gb231280", "GBK", CS_ICONV },
	{ "gbk", "GBK", CS_ICONV },
	{ "greek", "ISO-8859-7", CS_ICONV },
	{ "hebrew", "ISO-8859-8", CS_ICONV },
	{ "ibm367", "WINDOWS-1252", CS_GUESS },
	{ "ibm437", "CP437", CS_ICONV },
	{ "ibm819", "WINDOWS-1252", CS_ICONV },
	{ "ibm850", "CP850", CS_ICONV },
	{ "ibm852", "CP852", CS_ICONV },
	{ "ibm866", "CP866", CS_ICONV },
	{ "iso10646ucs2", "UTF-16", CS_UTF16 },
	{ "iso2022jp", "ISO-2022-JP", CS_ISO2022JP },
	{ "iso2022jp2", "ISO-2022-JP-2", CS_STATEFUL },
	{ "iso2022kr", "ISO-2022-KR", CS_STATEFUL },
	{ "iso646irv1991", "WINDOWS-1252", CS_GUESS },
	{ "iso646us", "WINDOWS-1252", CS_GUESS },
	{ "iso88591", "WINDOWS-1252", CS_ICONV },
	{ "iso885910", "ISO-8859-10", CS_ICONV },
	{ "iso885911", "WINDOWS-874", CS_ICONV },
	{ "iso885911987", "WINDOWS-1252", CS_ICONV },
	{ "iso885913", "ISO-8859-13", CS_ICONV },
	{ "iso885914", "ISO-8859-14", CS_ICONV },
	{ "iso885915", "ISO-8859-15", CS_ICONV },
	{ "iso885916", "ISO-8859-16", CS_ICONV },
	{ "iso88592", "ISO-8859-2", CS_ICONV },
	{ "iso88593", "ISO-8859-3", CS_ICONV },
	{ "iso88594", "ISO-8859-4", CS_ICONV },
	{ "iso88595", "ISO-8859-5", CS_ICONV },
	{ "iso88596", "ISO-8859-6", CS_ICONV },
	{ "iso88596e", "ISO-8859-6", CS_ICONV },
	{ "iso88596i", "ISO-8859-6", CS_ICONV },
	{ "iso88597", "ISO-8859-7", CS_ICONV },
	{ "iso88598", "ISO-8859-8", CS_ICONV },
	{ "iso88598e", "ISO-8859-8", CS_ICONV },
	{ "iso88598i", "ISO-8859-8", CS_ICONV },
	{ "iso88599", "WINDOWS-1254", CS_ICONV },
	{ "isoir100", "WINDOWS-1252", CS_ICONV },
	{ "koi8", "KOI8-R", CS_ICONV },
	{ "koi8r", "KOI8-R", CS_ICONV },
	{ "koi8ru", "KOI8-RU", CS_ICONV },
	{ "koi8u", "KOI8-U", CS_ICONV },
	{ "ksc5601", "CP949", CS_ICONV },
	{ "ksc56011987", "CP949", CS_ICONV },
	{ "ksc56011989", "CP949", CS_ICONV },
	{ "l1", "WINDOWS-1252", CS_ICONV },
	{ "l2", "ISO-8859-2", CS_ICONV },
	{ "l3", "ISO-8859-3", CS_ICONV },
	{ "l4", "ISO-8859-4", CS_ICONV },
	{ "l5", "WINDOWS-1254", CS_ICONV },
	{ "l6", "ISO-8859-10", CS_ICONV },
	{ "l9", "ISO-8859-15", CS_ICONV },
	{ "latin1", "WINDOWS-1252", CS_ICONV },
	{ "latin2", "ISO-8859-2", CS_ICONV },
	{ "latin3", "ISO-8859-3", CS_ICONV },
	{ "latin4", "ISO-8859-4", CS_ICONV },
	{ "latin5", "WINDOWS-1254", CS_ICONV },
	{ "latin6", "ISO-8859-10", CS_ICONV },
	{ "latin7", "ISO-8859-13", CS_ICONV },
	{ "latin8", "ISO-8859-14", CS_ICONV },
	{ "latin9", "ISO-8859-15", CS_ICONV },
	{ "mac", "MACINTOSH", CS_ICONV },
	{ "macintosh", "MACINTOSH", CS_ICONV },
	{ "mskanji", "CP932", CS_ICONV },
	{ "shiftjis", "CP932", CS_ICONV },
	{ "sjis", "CP932", CS_ICONV },
	{ "tis620", "WINDOWS-874", CS_ICONV },
	{ "ucs2", "UTF-16", CS_UTF16 },
	{ "uhc", "CP949", CS_ICONV },
	{ "unicode", "UTF-16", CS_UTF16 },
	{ "unicode11utf7", "UTF-7", CS_STATEFUL },
	{ "unicode11utf8", "UTF-8", CS_UTF8 },
	{ "unicode20utf8", "UTF-8", CS_UTF8 },
	{ "unknown", "WINDOWS-1252", CS_GUESS },
	{ "unknown8bit", "WINDOWS-1252", CS_GUESS },
	{ "us", "WINDOWS-1252", CS_GUESS },
	{ "usascii", "WINDOWS-1252", CS_GUESS },
	{ "utf16", "UTF-16", CS_UTF16 },
	{ "utf16be", "UTF-16BE", CS_UTF16 },
	{ "utf16le", "UTF-16LE", CS_UTF16 },
	{ "utf32", "UTF-32", CS_UTF32 },
	{ "utf32be", "UTF-32BE", CS_UTF32 },
	{ "utf32le", "UTF-32LE", CS_UTF32 },
	{ "utf7", "UTF-7", CS_STATEFUL },
	{ "utf8", "UTF-8", CS_UTF8 },
	{ "windows1250", "WINDOWS-1250", CS_ICONV },
	{ "windows1251", "WINDOWS-1251", CS_ICONV },
	{ "windows1252", "WINDOWS-1252", CS_ICONV },
	{ "windows1253", "WINDOWS-1253", CS_ICONV },
	{ "windows1254", "WINDOWS-1254", CS_ICONV },
	{ "windows1255", "WINDOWS-1255", CS_ICONV },
	{ "windows1256", "WINDOWS-1256", CS_ICONV },
	{ "windows1257", "WINDOWS-1257", CS_ICONV },
	{ "windows1258", "WINDOWS-1258", CS_ICONV },
	{ "windows31j", "CP932", CS_ICONV },
	{ "windows874", "WINDOWS-874", CS_ICONV },
	{ "windows936", "GBK", CS_ICONV },
	{ "windows949", "CP949", CS_ICONV },
	{ "xcp1250", "WINDOWS-1250", CS_ICONV },
	{ "xcp1251", "WINDOWS-1251", CS_ICONV },
	{ "xcp1252", "WINDOWS-1252", CS_ICONV },
	{ "xeuccn", "GBK", CS_ICONV },
	{ "xeucjp", "EUC-JP-MS", CS_ICONV },
	{ "xgbk", "GBK", CS_ICONV },
	{ "xmacroman", "MACINTOSH", CS_ICONV },
	{ "xmscp932", "CP932", CS_ICONV },
	{ "xsjis", "CP932", CS_ICONV },
	{ "xunicode20utf7", "UTF-7", CS_STATEFUL },
	{ "xunicode20utf8", "UTF-8", CS_UTF8 },
	{ "xunknown", "WINDOWS-1252", CS_GUESS },
	{ "xuserdefined", "WINDOWS-1252", CS_GUESS },
	{ "xwindows949", "CP949", CS_ICONV },
	{ "xxbig5", "BIG5-HKSCS", CS_ICONV },
};

/* Windows-1252 0x80..0x9F; 0 where the code page leaves a hole. */
static const uint16_t cp1252_c1[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static int
alias_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct cs_alias *)elem)->key);
}

/*
 * Labels are matched the loose way of Unicode TR 22: case and punctuation do
 * not count, so "ISO_8859-1", "iso8859-1" and "iso-8859-1" are one label.
 * An RFC 2231 language ("utf-8*de") ends the label.
 */
static const struct cs_alias *
alias_find(const char *label, size_t len)
{
	char key[LABEL_MAX + 1];
	size_t i, n = 0;

	for (i = 0; i < len && label[i] != '*'; i++) {
		unsigned char c = (unsigned char)label[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			continue;
		if (n == LABEL_MAX)
			return NULL;
		key[n++] = (char)c;
	}
	if (n == 0)
		return NULL;
	key[n] = '\0';
	return bsearch(key, aliases, sizeof(aliases) / sizeof(aliases[0]),
	    sizeof(aliases[0]), alias_cmp);
}

const char *
mime_charset_name(const char *label, size_t len)
{
	const struct cs_alias *a = alias_find(label, len);

	return a ? a->name : NULL;
}

static void
put_utf8(struct buf *out, uint32_t cp)
{
	char s[4];

	if (cp < 0x80) {
		buf_addc(out, (char)cp);
		return;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, s, 2);
		return;
	}
	s[0] = (char)(0xe0 | cp >> 12);
	s[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	s[2] = (char)(0x80 | (cp & 0x3f));
	buf_add(out, s, 3);
}

/* Appends in as UTF-8 where it is well-formed, else as Windows-1252 byte by byte. */
static bool
guess_to_utf8(struct buf *out, const char *in, size_t len)
{
	bool clean = true;
	size_t i = 0, run, n;
	unsigned char c;
	int32_t cp;

	buf_grow(out, len);
	while (i < len) {
		for (run = 0; i + run < len && (unsigned char)in[i + run] < 0x80;
		    run++)
			;
		buf_add(out, in + i, run);
		if ((i += run) >= len)
			break;
		n = str_utf8_next(in + i, len - i, &cp);
		if (cp >= 0) {
			buf_add(out, in + i, n);
			i += n;
			continue;
		}
		/* one byte only: the next may start a good sequence */
		c = (unsigned char)in[i++];
		if (c >= 0xa0) {
			put_utf8(out, c);
		} else if (cp1252_c1[c - 0x80] != 0) {
			put_utf8(out, cp1252_c1[c - 0x80]);
		} else {
			buf_adds(out, UTF8_REPLACEMENT);
			clean = false;
		}
	}
	return clean;
}

void
mime_utf8_sanitize(struct buf *out, const char *in, size_t len)
{
	size_t i = 0, run, n = 0;
	int32_t cp;

	buf_grow(out, len);
	while (i < len) {
		for (run = 0; i + run < len; run += n) {
			n = str_utf8_next(in + i + run, len - i - run, &cp);
			if (cp < 0)
				break;
		}
		buf_add(out, in + i, run);
		if ((i += run) >= len)
			break;
		buf_adds(out, UTF8_REPLACEMENT);
		i += n;
	}
}

/*
 * Converts with iconv, putting U+FFFD where iconv stops on a bad sequence
 * and going on `unit` bytes later (//IGNORE would drop text silently, and
 * glibc's version of it is not dependable). A charset iconv does not have
 * falls back to the guess, as an unknown label does.
 */
/*
 * iconv_open loads a gconv module each time (dlopen and mmap), which costs
 * more than converting a whole header: descriptors are kept in a small pool,
 * the one piece of shared state in mime/. A descriptor is used by one thread
 * at a time: taken out under the lock, reset, and put back after use.
 */
#define ICONV_POOL 16
#define ICONV_NAME_MAX 40

static struct {
	char name[ICONV_NAME_MAX];
	iconv_t cd;
} pool[ICONV_POOL];
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static iconv_t
pool_take(const char *name)
{
	iconv_t cd = (iconv_t)-1;

	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < ICONV_POOL; i++) {
		if (pool[i].name[0] != '\0' && strcmp(pool[i].name, name) == 0) {
			cd = pool[i].cd;
			pool[i].name[0] = '\0';
			break;
		}
	}
	pthread_mutex_unlock(&pool_lock);
	if (cd == (iconv_t)-1)
		return iconv_open("UTF-8", name);
	iconv(cd, NULL, NULL, NULL, NULL);	/* back to the initial shift state */
	return cd;
}

static void
pool_give(const char *name, iconv_t cd)
{
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < ICONV_POOL && strlen(name) < ICONV_NAME_MAX; i++) {
		if (pool[i].name[0] == '\0') {
			memcpy(pool[i].name, name, strlen(name) + 1);
			pool[i].cd = cd;
			cd = (iconv_t)-1;
			break;
		}
	}
	pthread_mutex_unlock(&pool_lock);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
}

static bool
iconv_to_utf8(struct buf *out, const char *name, const char *in, size_t len,
    size_t unit)
{
	char tmp[ICONV_CHUNK], *inp = (char *)in, *outp;
	size_t inleft = len, outleft, r;
	bool clean = true;
	iconv_t cd;
	int err;

	if ((cd = pool_take(name)) == (iconv_t)-1) {
		guess_to_utf8(out, in, len);
		return false;
	}
	while (inleft > 0) {
		outp = tmp;
		outleft = sizeof(tmp);
		r = iconv(cd, &inp, &inleft, &outp, &outleft);
		err = errno;
		buf_add(out, tmp, (size_t)(outp - tmp));
		if (r != (size_t)-1 || err == E2BIG)
			continue;
		buf_adds(out, UTF8_REPLACEMENT);
		clean = false;
		if (err != EILSEQ || inleft <= unit)
			break;	/* cut short at the end: one U+FFFD for the rest */
		inp += unit;
		inleft -= unit;
	}
	outp = tmp;
	outleft = sizeof(tmp);
	iconv(cd, NULL, NULL, &outp, &outleft);
	buf_add(out, tmp, (size_t)(outp - tmp));
	pool_give(name, cd);
	return clean;
}

static bool
is_ascii(const char *in, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)in[i] >= 0x80)
			return false;
	return true;
}

/*
 * UTF-16 and UTF-32: a byte order mark decides and is dropped. Without one,
 * plain "UTF-16" is guessed from where the zero bytes of ASCII text fall,
 * since Windows writes little-endian without a mark and RFC 2781 says
 * big-endian.
 */
static bool
utf16_32_to_utf8(struct buf *out, const struct cs_alias *a, const char *in,
    size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	bool wide = a->kind == CS_UTF32;
	const char *name = a->name;
	size_t i, zeros[2] = { 0, 0 };

	if (wide && len >= 4 && !memcmp(p, "\xff\xfe\0\0", 4))
		return iconv_to_utf8(out, "UTF-32LE", in + 4, len - 4, 4);
	if (wide && len >= 4 && !memcmp(p, "\0\0\xfe\xff", 4))
		return iconv_to_utf8(out, "UTF-32BE", in + 4, len - 4, 4);
	if (!wide && len >= 2 && p[0] == 0xff && p[1] == 0xfe)
		return iconv_to_utf8(out, "UTF-16LE", in + 2, len - 2, 2);
	if (!wide && len >= 2 && p[0] == 0xfe && p[1] == 0xff)
		return iconv_to_utf8(out, "UTF-16BE", in + 2, len - 2, 2);
	if (strcmp(name, "UTF-32") == 0) {
		/* BMP text in big-endian starts with a zero byte */
		name = len > 0 && p[0] != 0 ? "UTF-32LE" : "UTF-32BE";
	} else if (strcmp(name, "UTF-16") == 0) {
		for (i = 0; i < len && i < 512; i++)
			if (p[i] == 0)
				zeros[i % 2]++;
		name = zeros[1] > zeros[0] ? "UTF-16LE" : "UTF-16BE";
	}
	return iconv_to_utf8(out, name, in, len, wide ? 4 : 2);
}

/*
 * The ISO-2022-JP escape sequence at in[i] (an ESC): 1 for ASCII or JIS
 * Roman, 2 for JIS X 0208, 3 for half-width katakana, with its length in
 * *n. 0 for any other: then the text needs iconv's ISO-2022-JP-2.
 */
static int
iso2022jp_escape(const char *in, size_t len, size_t i, size_t *n)
{
	*n = 3;
	if (i + 2 >= len)
		return 0;
	if (in[i + 1] == '(' && (in[i + 2] == 'B' || in[i + 2] == 'J'))
		return 1;
	if (in[i + 1] == '$' && (in[i + 2] == '@' || in[i + 2] == 'B'))
		return 2;
	if (in[i + 1] == '(' && in[i + 2] == 'I')
		return 3;
	return 0;
}

/* Appends a JIS X 0208 row/cell pair (0x21..0x7E each) as Shift_JIS. */
static void
jis_to_sjis(struct buf *sjis, unsigned char j1, unsigned char j2)
{
	unsigned char s1, s2;

	s1 = (unsigned char)(((j1 + 1) >> 1) + (j1 <= 0x5e ? 0x70 : 0xb0));
	if (j1 & 1)
		s2 = (unsigned char)(j2 + (j2 >= 0x60 ? 0x20 : 0x1f));
	else
		s2 = (unsigned char)(j2 + 0x7e);
	buf_addc(sjis, (char)s1);
	buf_addc(sjis, (char)s2);
}

/*
 * ISO-2022-JP as senders mean it: with the NEC and IBM characters (circled
 * digits, Roman numerals) of CP932, which glibc's ISO-2022-JP rejects. The
 * text is rewritten as Shift_JIS and read as CP932. Raw 8-bit bytes (Shift_JIS
 * mislabelled as ISO-2022-JP, a common mistake) pass through and decode too.
 */
static bool
iso2022jp_to_utf8(struct buf *out, const char *in, size_t len)
{
	struct buf sjis = BUF_INIT;
	int mode = 1;
	size_t i, n;
	bool clean;

	buf_grow(&sjis, len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == 0x1b) {
			if ((mode = iso2022jp_escape(in, len, i, &n)) == 0) {
				buf_free(&sjis);
				return iconv_to_utf8(out, "ISO-2022-JP-2", in, len, 1);
			}
			i += n - 1;
		} else if (mode == 2 && c >= 0x21 && c <= 0x7e) {
			if (i + 1 < len && (unsigned char)in[i + 1] >= 0x21 &&
			    (unsigned char)in[i + 1] <= 0x7e)
				jis_to_sjis(&sjis, c, (unsigned char)in[++i]);
			else
				buf_addc(&sjis, (char)0x80);	/* invalid in CP932 */
		} else if (mode == 3 && c >= 0x21 && c <= 0x5f) {
			buf_addc(&sjis, (char)(c + 0x80));
		} else {
			buf_addc(&sjis, (char)c);
		}
	}
	clean = iconv_to_utf8(out, "CP932", buf_cstr(&sjis), sjis.len, 1);
	buf_free(&sjis);
	return clean;
}

bool
mime_charset_to_utf8(struct buf *out, const char *label, size_t label_len,
    const char *in, size_t len)
{
	const struct cs_alias *a = alias_find(label, label_len);

	if (a == NULL) {
		guess_to_utf8(out, in, len);
		return false;
	}
	switch (a->kind) {
	case CS_UTF8:
		if (len >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0) {
			in += 3;
			len -= 3;
		}
		mime_utf8_sanitize(out, in, len);
		return str_utf8_valid(in, len);
	case CS_GUESS:
		return guess_to_utf8(out, in, len);
	case CS_UTF16:
	case CS_UTF32:
		return utf16_32_to_utf8(out, a, in, len);
	case CS_ISO2022JP:
		return iso2022jp_to_utf8(out, in, len);
	case CS_ICONV:
		if (is_ascii(in, len)) {
			buf_add(out, in, len);
			return true;
		}
		break;
	case CS_STATEFUL:
		break;
	}
	return iconv_to_utf8(out, a->name, in, len, 1);
}
