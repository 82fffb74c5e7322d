/* fuzz-conf.c: libFuzzer target for the configuration file (the INI reader, URLs, values) and index_format. */
#include "fuzz-check.h"

#include "conf/conf.h"
#include "ui/format.h"
#include "util/buf.h"
#include "util/err.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c;
	struct buf fmt = BUF_INIT;
	struct vec items;
	struct err e;

	err_clear(&e);
	if (conf_parse(&c, "fuzz", (const char *)data, size, &e) == 0) {
		/* a configuration read has an account, each with a name */
		FUZZ_ASSERT(c.accounts.len > 0);
		for (size_t i = 0; i < c.accounts.len; i++)
			FUZZ_ASSERT(VEC_AT(&c.accounts, struct conf_account, i)->name != NULL);
		conf_free(&c);
	} else {
		/* a refusal says why, on one line */
		FUZZ_ASSERT(e.msg[0] != '\0' && strchr(e.msg, '\n') == NULL);
	}
	/* the same bytes as an index_format line, up to the first NUL */
	buf_add(&fmt, data, size);
	if (ui_format_parse(&items, buf_cstr(&fmt), &e) == 0) {
		for (size_t i = 0; i < items.len; i++) {
			const struct ui_fmt_item *it = VEC_AT(&items, struct ui_fmt_item, i);

			FUZZ_ASSERT(it->width >= 0 && it->width <= 500);
			FUZZ_ASSERT(it->code != 0 || it->text != NULL);
		}
		ui_format_free(&items);
	}
	buf_free(&fmt);
	return 0;
}
