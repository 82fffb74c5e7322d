/* fuzz-header.c: libFuzzer target for the header scanner, unfolding and unstructured-text decoding. */
#include "fuzz-check.h"

#include "mime/header.h"
#include "mime/limits.h"
#include "util/buf.h"

/* Checking every field against mime_header_find is quadratic: the first ones are enough. */
#define FIND_CHECKS 64

static bool
inside(const char *p, size_t n, const char *lo, const char *hi)
{
	return p >= lo && p <= hi && n <= (size_t)(hi - p);
}

static void
check_unfold(const struct mime_field *f)
{
	struct buf b = BUF_INIT;

	mime_field_unfold(&b, f);
	/* A line break inside a field is always a fold, and folds are removed. */
	FUZZ_ASSERT(memchr(buf_cstr(&b), '\r', b.len) == NULL);
	FUZZ_ASSERT(memchr(buf_cstr(&b), '\n', b.len) == NULL);
	FUZZ_ASSERT(b.len == 0 || (b.data[b.len - 1] != ' ' && b.data[b.len - 1] != '\t'));
	FUZZ_ASSERT(b.len <= f->value_len);
	buf_free(&b);
}

static void
check_text(const struct mime_field *f)
{
	struct buf b = BUF_INIT;

	mime_field_text(&b, f);
	FUZZ_ASSERT(str_utf8_valid(buf_cstr(&b), b.len));
	buf_free(&b);
}

/* mime_header_find(name of field i) is the first field of that name, at or before i. */
static void
check_find(const struct mime_header *h, size_t i)
{
	const struct mime_field *f = VEC_AT(&h->fields, struct mime_field, i), *g;
	char *name;

	if (memchr(f->name, '\0', f->name_len) != NULL)
		return;
	name = strndup(f->name, f->name_len);
	FUZZ_ASSERT(name != NULL);
	g = mime_header_find(h, name);
	FUZZ_ASSERT(g != NULL && g <= f);
	FUZZ_ASSERT(g->name_len == f->name_len);
	FUZZ_ASSERT(str_ncasecmp_ascii(g->name, f->name, f->name_len) == 0);
	FUZZ_ASSERT(mime_header_count(h, name) >= 1);
	free(name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct mime_header h;
	size_t body;

	mime_header_init(&h);
	body = mime_header_scan(&h, in, size);
	FUZZ_ASSERT(body <= size);
	FUZZ_ASSERT(h.fields.len <= MIME_MAX_FIELDS);
	for (size_t i = 0; i < h.fields.len; i++) {
		const struct mime_field *f = VEC_AT(&h.fields, struct mime_field, i);

		/* Fields point into the header block, never past the body start. */
		FUZZ_ASSERT(inside(f->name, f->name_len, in, in + body));
		FUZZ_ASSERT(inside(f->value, f->value_len, in, in + body));
		check_unfold(f);
		check_text(f);
		if (i < FIND_CHECKS)
			check_find(&h, i);
	}
	mime_header_free(&h);
	return 0;
}
