/* mbox.c: splitting an mbox into messages at "From " lines. */
#include "mime/mbox.h"

#include <string.h>

static size_t
skip_bom(const char *data, size_t len)
{
	return len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

bool
mime_mbox_detect(const char *data, size_t len)
{
	size_t at = skip_bom(data, len);

	return len - at >= 5 && memcmp(data + at, "From ", 5) == 0;
}

static size_t
next_line(const char *data, size_t len, size_t pos)
{
	const char *nl = memchr(data + pos, '\n', len - pos);

	return nl != NULL ? (size_t)(nl - data) + 1 : len;
}

static bool
is_name(const char *s, const char *const names[])
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (memcmp(s, names[i], 3) == 0)
			return true;
	return false;
}

/*
 * Whether the line at pos is a real From_ line: "From SENDER Www Mmm ...",
 * as mbox writers put it (Netscape writes "From - Www Mmm ..."). Such a line
 * starts a message even where no empty line comes before it.
 */
static bool
looks_like_from_line(const char *data, size_t pos, size_t len)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", NULL };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec", NULL };
	size_t p = pos + 5, limit = len - pos > 512 ? pos + 512 : len;

	while (p < limit && data[p] != ' ' && data[p] != '\n')
		p++;		/* the sender */
	while (p < limit && data[p] == ' ')
		p++;
	/* Netscape also wrote a bare "From - " line. */
	if (p == pos + 7 && data[pos + 5] == '-' && (p == len || data[p] == '\n' || data[p] == '\r'))
		return true;
	return p + 8 <= limit && is_name(data + p, days) && data[p + 3] == ' ' &&
	    is_name(data + p + 4, months) && data[p + 7] == ' ';
}

/* True when a "From " line starts at pos after an empty line, at the start, or looks real. */
static bool
is_separator(const char *data, size_t pos, size_t len, size_t first)
{
	if (len - pos < 5 || memcmp(data + pos, "From ", 5) != 0)
		return false;
	if (pos == first)
		return true;
	if (pos >= 2 && data[pos - 1] == '\n' && data[pos - 2] == '\n')
		return true;
	if (pos >= 3 && data[pos - 1] == '\n' && data[pos - 2] == '\r' && data[pos - 3] == '\n')
		return true;
	return looks_like_from_line(data, pos, len);
}

bool
mime_mbox_next(const char *data, size_t len, size_t *pos, size_t *start, size_t *end)
{
	size_t first = skip_bom(data, len), p = *pos < first ? first : *pos, q;

	if (p >= len)
		return false;
	if (is_separator(data, p, len, first))
		p = next_line(data, len, p);
	*start = p;
	for (q = p; q < len; q = next_line(data, len, q))
		if (q != p && is_separator(data, q, len, first))
			break;
	*end = q;
	/* The empty line before the next "From " belongs to the mbox, not the message. */
	if (q < len && *end > *start && data[*end - 1] == '\n')
		(*end)--;
	if (q < len && *end > *start && data[*end - 1] == '\r')
		(*end)--;
	*pos = q;
	return true;
}
