/*
 * fuzz-param.c: libFuzzer target for Content-Type and Content-Disposition
 * values with parameters (RFC 2045, RFC 2231 continuations and charsets),
 * and for writing a parameter so that it parses back.
 */
#include "fuzz-check.h"

#include "mime/limits.h"
#include "mime/param.h"
#include "util/buf.h"

static void
check_parse(const char *in, size_t size)
{
	struct mime_ctype ct;

	memset(&ct, 0, sizeof(ct));
	vec_init(&ct.params, sizeof(struct mime_param));
	mime_ctype_parse(&ct, in, size);
	FUZZ_ASSERT(!fuzz_has_upper(ct.type));
	FUZZ_ASSERT(!fuzz_has_upper(ct.subtype));
	FUZZ_ASSERT(ct.params.len <= MIME_MAX_PARAMS);
	for (size_t i = 0; i < ct.params.len; i++) {
		const struct mime_param *p = VEC_AT(&ct.params, struct mime_param, i);

		FUZZ_ASSERT(p->name != NULL && p->value != NULL);
		FUZZ_ASSERT(!fuzz_has_upper(p->name));
		/* A boundary stays byte for byte, as the body has it; other values are UTF-8. */
		if (strcmp(p->name, "boundary") != 0)
			FUZZ_ASSERT(str_utf8_valid(p->value, strlen(p->value)));
		/* One parameter per name, so the lookup finds this one. */
		FUZZ_ASSERT(mime_ctype_param(&ct, p->name) == p->value);
	}
	mime_ctype_free(&ct);
}

/* A value written by mime_param_write is read back unchanged. */
static void
check_write(const char *in, size_t size)
{
	struct buf hdr = BUF_INIT, value = BUF_INIT;
	struct mime_ctype ct;
	const char *back;
	size_t col = 21;	/* "Content-Disposition: " */

	buf_add(&value, in, size);
	buf_adds(&hdr, "attachment");
	col += hdr.len;
	mime_param_write(&hdr, "filename", buf_cstr(&value), &col);
	for (size_t i = 0; i < hdr.len; i++)
		FUZZ_ASSERT((unsigned char)hdr.data[i] < 0x80);	/* header bytes are 7-bit */
	memset(&ct, 0, sizeof(ct));
	vec_init(&ct.params, sizeof(struct mime_param));
	mime_ctype_parse(&ct, buf_cstr(&hdr), hdr.len);
	back = mime_ctype_param(&ct, "filename");
	if (back == NULL || strcmp(back, buf_cstr(&value)) != 0) {
		fprintf(stderr, "written \"%s\"\nread \"%s\"\n", buf_cstr(&hdr),
		    back != NULL ? back : "(null)");
		fuzz_fail(__FILE__, __LINE__, "a written parameter reads back");
	}
	mime_ctype_free(&ct);
	buf_free(&hdr);
	buf_free(&value);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;

	check_parse(in, size);
	/* Parameter values we write are UTF-8 text without control characters. */
	if (size > 0 && str_utf8_valid(in, size) && fuzz_no_ctl(in, size) &&
	    !fuzz_has_bom(in, size))
		check_write(in, size);
	return 0;
}
