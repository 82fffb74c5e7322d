/* guess.c: the MIME type of an attachment, from its first bytes, then its name. */
#include "mime/build.h"

#include <string.h>

#include "util/str.h"

/* How much of a file is looked at to tell text from binary. */
#define GUESS_TEXT_WINDOW	(64u << 10)

struct magic {
	size_t off;
	const char *bytes;
	size_t len;
	const char *type;
};

#define M(off, s, type) { off, s, sizeof(s) - 1, type }

/* Signatures at fixed offsets; longer and more specific ones first. */
static const struct magic magics[] = {
	M(0, "%PDF-", "application/pdf"),
	M(0, "\x89PNG\r\n\x1a\n", "image/png"),
	M(0, "\xff\xd8\xff", "image/jpeg"),
	M(0, "GIF87a", "image/gif"),
	M(0, "GIF89a", "image/gif"),
	M(8, "WEBP", "image/webp"),
	M(8, "WAVE", "audio/wav"),
	M(8, "AVI ", "video/x-msvideo"),
	M(0, "II*\0", "image/tiff"),
	M(0, "MM\0*", "image/tiff"),
	M(4, "ftypheic", "image/heic"),
	M(4, "ftypheix", "image/heic"),
	M(4, "ftypavif", "image/avif"),
	M(4, "ftypM4A ", "audio/mp4"),
	M(4, "ftypqt  ", "video/quicktime"),
	M(4, "ftyp", "video/mp4"),
	M(0, "\x1a\x45\xdf\xa3", "video/x-matroska"),
	M(0, "OggS", "audio/ogg"),
	M(0, "fLaC", "audio/flac"),
	M(0, "ID3", "audio/mpeg"),
	M(0, "\x1f\x8b", "application/gzip"),
	M(0, "BZh", "application/x-bzip2"),
	M(0, "\xfd" "7zXZ\0", "application/x-xz"),
	M(0, "7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
	M(0, "\x28\xb5\x2f\xfd", "application/zstd"),
	M(0, "Rar!\x1a\x07", "application/vnd.rar"),
	M(257, "ustar", "application/x-tar"),
	M(0, "-----BEGIN PGP MESSAGE-----", "application/pgp-encrypted"),
	M(0, "-----BEGIN PGP SIGNATURE-----", "application/pgp-signature"),
	M(0, "-----BEGIN PGP PUBLIC KEY BLOCK-----", "application/pgp-keys"),
	M(0, "%!PS", "application/postscript"),
	M(0, "{\\rtf", "application/rtf"),
	M(0, "BEGIN:VCALENDAR", "text/calendar"),
	M(0, "BEGIN:VCARD", "text/vcard"),
};

#undef M

struct ext {
	const char *ext;
	const char *type;
};

#define OOXML "application/vnd.openxmlformats-officedocument."
#define ODF "application/vnd.oasis.opendocument."

/* What a name says when the bytes say nothing (text formats) or too little (ZIP). */
static const struct ext exts[] = {
	{ "pdf", "application/pdf" }, { "png", "image/png" },
	{ "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "gif", "image/gif" },
	{ "webp", "image/webp" }, { "svg", "image/svg+xml" }, { "bmp", "image/bmp" },
	{ "tif", "image/tiff" }, { "tiff", "image/tiff" }, { "heic", "image/heic" },
	{ "avif", "image/avif" }, { "ico", "image/vnd.microsoft.icon" },
	{ "txt", "text/plain" }, { "log", "text/plain" }, { "md", "text/markdown" },
	{ "csv", "text/csv" }, { "tsv", "text/tab-separated-values" },
	{ "html", "text/html" }, { "htm", "text/html" }, { "css", "text/css" },
	{ "js", "text/javascript" }, { "json", "application/json" },
	{ "xml", "application/xml" }, { "ics", "text/calendar" }, { "vcf", "text/vcard" },
	{ "diff", "text/x-diff" }, { "patch", "text/x-diff" },
	{ "eml", "message/rfc822" },
	{ "zip", "application/zip" }, { "gz", "application/gzip" },
	{ "tgz", "application/gzip" }, { "tar", "application/x-tar" },
	{ "bz2", "application/x-bzip2" }, { "xz", "application/x-xz" },
	{ "7z", "application/x-7z-compressed" }, { "zst", "application/zstd" },
	{ "rar", "application/vnd.rar" },
	{ "doc", "application/msword" },
	{ "docx", OOXML "wordprocessingml.document" },
	{ "xls", "application/vnd.ms-excel" },
	{ "xlsx", OOXML "spreadsheetml.sheet" },
	{ "ppt", "application/vnd.ms-powerpoint" },
	{ "pptx", OOXML "presentationml.presentation" },
	{ "odt", ODF "text" }, { "ods", ODF "spreadsheet" },
	{ "odp", ODF "presentation" }, { "epub", "application/epub+zip" },
	{ "rtf", "application/rtf" }, { "ps", "application/postscript" },
	{ "asc", "application/pgp-signature" }, { "sig", "application/pgp-signature" },
	{ "pgp", "application/pgp-encrypted" }, { "gpg", "application/pgp-encrypted" },
	{ "mp3", "audio/mpeg" }, { "ogg", "audio/ogg" }, { "opus", "audio/ogg" },
	{ "flac", "audio/flac" }, { "wav", "audio/wav" }, { "m4a", "audio/mp4" },
	{ "mp4", "video/mp4" }, { "mov", "video/quicktime" }, { "webm", "video/webm" },
	{ "mkv", "video/x-matroska" }, { "avi", "video/x-msvideo" },
};

static const char *
by_magic(const char *data, size_t len)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		const struct magic *m = &magics[i];

		if (len >= m->off + m->len && memcmp(data + m->off, m->bytes, m->len) == 0) {
			/* RIFF containers name their kind at offset 8. */
			if (m->off == 8 && memcmp(data, "RIFF", 4) != 0)
				continue;
			return m->type;
		}
	}
	return NULL;
}

static const char *
by_extension(const char *filename)
{
	const char *base, *dot;

	if (filename == NULL)
		return NULL;
	base = strrchr(filename, '/');
	base = base != NULL ? base + 1 : filename;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return NULL;	/* no extension, or a dot file such as ".profile" */
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (str_casecmp_ascii(dot + 1, exts[i].ext) == 0)
			return exts[i].type;
	return NULL;
}

static bool
window_has(const char *data, size_t len, const char *needle)
{
	if (len > GUESS_TEXT_WINDOW)
		len = GUESS_TEXT_WINDOW;
	return memmem(data, len, needle, strlen(needle)) != NULL;
}

/*
 * Office documents, OpenDocument and EPUB are all ZIP files: a name that
 * says which is trusted, else the entries near the start tell.
 */
static const char *
zip_kind(const char *filename, const char *data, size_t len)
{
	const char *ext = by_extension(filename);

	if (ext != NULL && strcmp(ext, "application/zip") != 0 &&
	    (strstr(ext, "officedocument") != NULL || strstr(ext, "opendocument") != NULL ||
	    strcmp(ext, "application/epub+zip") == 0))
		return ext;
	if (window_has(data, len, "[Content_Types].xml")) {
		if (window_has(data, len, "word/"))
			return OOXML "wordprocessingml.document";
		if (window_has(data, len, "xl/"))
			return OOXML "spreadsheetml.sheet";
		if (window_has(data, len, "ppt/"))
			return OOXML "presentationml.presentation";
	}
	/* ODF and EPUB store an uncompressed "mimetype" entry first. */
	if (len > 38 && memcmp(data + 30, "mimetype", 8) == 0) {
		static const char *const kinds[] = { ODF "text", ODF "spreadsheet",
		    ODF "presentation", "application/epub+zip" };
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
			size_t n = strlen(kinds[i]);
			if (len >= 38 + n && memcmp(data + 38, kinds[i], n) == 0)
				return kinds[i];
		}
	}
	return "application/zip";
}

/* SVG is XML text; only its root element tells it from any other XML. */
static bool
is_svg(const char *data, size_t len)
{
	size_t n = len < 1024 ? len : 1024;

	if (len >= 4 && memcmp(data, "<svg", 4) == 0)
		return true;
	return len >= 5 && memcmp(data, "<?xml", 5) == 0 && memmem(data, n, "<svg", 4) != NULL;
}

/* UTF-8 without NUL in the first window, not cutting a character at its edge. */
static bool
looks_like_text(const char *data, size_t len)
{
	size_t n = len;

	if (len == 0)
		return true;
	if (n > GUESS_TEXT_WINDOW) {
		n = GUESS_TEXT_WINDOW;
		while (n > GUESS_TEXT_WINDOW - 3 && ((unsigned char)data[n] & 0xc0) == 0x80)
			n--;
	}
	return memchr(data, '\0', n) == NULL && str_utf8_valid(data, n);
}

const char *
mime_guess_type(const char *filename, const char *data, size_t len)
{
	const char *type;

	if (data == NULL)
		len = 0;
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return zip_kind(filename, data, len);
	/* A bitmap's header repeats the file size: two letters alone are too weak. */
	if (len >= 6 && memcmp(data, "BM", 2) == 0 &&
	    ((size_t)(unsigned char)data[2] | (size_t)(unsigned char)data[3] << 8 |
	    (size_t)(unsigned char)data[4] << 16 | (size_t)(unsigned char)data[5] << 24) == len)
		return "image/bmp";
	if ((type = by_magic(data, len)) != NULL)
		return type;
	if (is_svg(data, len))
		return "image/svg+xml";
	if ((type = by_extension(filename)) != NULL)
		return type;
	return looks_like_text(data, len) ? "text/plain" : "application/octet-stream";
}
