/* fuzz-mailcap.c: libFuzzer target for mailcap files and the temporary names made from attachment names. */
#include "fuzz-check.h"

#include "util/buf.h"
#include "util/err.h"
#include "util/mailcap.h"

/*
 * A temporary name never leaves its directory, never passes for an option
 * or a hidden file, and is plain printable text within its cap.
 */
static void
check_name(const struct mailcap_entry *en, const char *name)
{
	char *t = mailcap_temp_name(en, name);
	size_t n = strlen(t);

	FUZZ_ASSERT(n > 0 && n <= MAILCAP_NAME_MAX);
	FUZZ_ASSERT(strchr(t, '/') == NULL && strchr(t, '\\') == NULL);
	FUZZ_ASSERT(t[0] != '-' && t[0] != '.');
	FUZZ_ASSERT(strcmp(t, "..") != 0 && fuzz_visible(t, n) && strchr(t, '\n') == NULL);
	free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mailcap mc;
	struct buf name = BUF_INIT;
	struct err e;
	size_t cut = size < 64 ? size : 64;

	/* the first bytes also serve as an attachment's name */
	buf_add(&name, data, cut);
	for (size_t i = 0; i < name.len; i++)
		if (name.data[i] == '\0')
			name.data[i] = '?';
	mailcap_init(&mc);
	if (mailcap_parse(&mc, "fuzz", (const char *)data, size, &e) == 0) {
		FUZZ_ASSERT(mc.entries.len <= MAILCAP_ENTRIES_MAX);
		for (size_t i = 0; i < mc.entries.len && i < 8; i++)
			check_name(VEC_AT(&mc.entries, struct mailcap_entry, i), buf_cstr(&name));
	}
	check_name(NULL, buf_cstr(&name));
	mailcap_free(&mc);
	buf_free(&name);
	return 0;
}
