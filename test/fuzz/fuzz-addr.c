/* fuzz-addr.c: libFuzzer target for address lists, single addresses and their display and header forms. */
#include "fuzz-check.h"

#include "mime/addr.h"
#include "mime/limits.h"
#include "util/buf.h"

static void
check_list(const char *in, size_t size)
{
	struct vec v = VEC_INIT(struct mime_addr);
	struct buf b = BUF_INIT;
	size_t n;

	n = mime_addr_parse(&v, in, size);
	FUZZ_ASSERT(n == v.len);
	FUZZ_ASSERT(n <= MIME_MAX_ADDRS);
	for (size_t i = 0; i < v.len; i++) {
		const struct mime_addr *a = VEC_AT(&v, struct mime_addr, i);

		/* Names are decoded to UTF-8, whatever bytes came in. */
		FUZZ_ASSERT(fuzz_utf8_str(a->name));
		FUZZ_ASSERT(fuzz_utf8_str(a->group));
		buf_reset(&b);
		mime_addr_display(&b, a);
	}
	buf_free(&b);
	mime_addr_list_free(&v);
}

static bool
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* What mime_addr_write produced parses back to the same mailbox. */
static void
check_written(const struct mime_addr *a)
{
	struct vec v = VEC_INIT(struct mime_addr);
	struct buf b = BUF_INIT;
	const struct mime_addr *back;

	mime_addr_write(&b, a, 4);	/* after "To: " */
	/* Header bytes are 7-bit, but for a UTF-8 address itself (RFC 6532), which no encoding can hide. */
	if (is_ascii(a->email))
		for (size_t i = 0; i < b.len; i++)
			FUZZ_ASSERT((unsigned char)b.data[i] < 0x80);
	FUZZ_ASSERT(mime_addr_parse(&v, buf_cstr(&b), b.len) == 1);
	back = VEC_AT(&v, struct mime_addr, 0);
	FUZZ_ASSERT(back->email != NULL && strcmp(back->email, a->email) == 0);
	/* White space in a name may come back as one space (a phrase is words). */
	if (a->name != NULL && !fuzz_same_words(a->name, strlen(a->name), "", 0))
		FUZZ_ASSERT(back->name != NULL && fuzz_same_words(back->name,
		    strlen(back->name), a->name, strlen(a->name)));
	buf_free(&b);
	mime_addr_list_free(&v);
}

static void
check_one(const char *in, size_t size)
{
	char *text = strndup(in, size);
	struct mime_addr a = { 0 };
	struct err e;
	int rc;

	FUZZ_ASSERT(text != NULL);
	err_clear(&e);
	rc = mime_addr_parse_one(&a, text, &e);
	if (strpbrk(text, "\r\n") != NULL)
		FUZZ_ASSERT(rc != 0);	/* SMTP must never see a line break */
	if (rc == 0) {
		/* The name may hold what an encoded word decodes to; SMTP sees only the address. */
		FUZZ_ASSERT(a.email != NULL && a.email[0] != '\0');
		FUZZ_ASSERT(strpbrk(a.email, "\r\n") == NULL);
		if (!fuzz_has_bom(text, strlen(text)))
			check_written(&a);
	} else {
		FUZZ_ASSERT(err_isset(&e));
	}
	mime_addr_free(&a);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;

	check_list(in, size);
	check_one(in, size);
	return 0;
}
