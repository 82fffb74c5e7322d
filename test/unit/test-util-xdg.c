/* Unit tests for util/xdg: base directories from the environment, and their fallbacks. */
#include "check.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/xalloc.h"
#include "util/xdg.h"

static const char *const env_names[] = { "HOME", "XDG_CONFIG_HOME",
	"XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME" };
#define ENV_COUNT (sizeof(env_names) / sizeof(env_names[0]))

/* Each test starts from a known environment and leaves the real one behind it. */
static char *env_saved[ENV_COUNT];

static void
env_enter(const char *home)
{
	for (size_t i = 0; i < ENV_COUNT; i++) {
		const char *v = getenv(env_names[i]);

		env_saved[i] = v != NULL ? xstrdup(v) : NULL;
		unsetenv(env_names[i]);
	}
	if (home != NULL)
		setenv("HOME", home, 1);
}

static void
env_leave(void)
{
	for (size_t i = 0; i < ENV_COUNT; i++) {
		if (env_saved[i] != NULL)
			setenv(env_names[i], env_saved[i], 1);
		else
			unsetenv(env_names[i]);
		free(env_saved[i]);
		env_saved[i] = NULL;
	}
}

#define CHECK_OWNED_STR_EQ(expr, want)                                       \
	do {                                                                 \
		char *got_ = (expr);                                         \
		CHECK_STR_EQ(got_, (want));                                  \
		free(got_);                                                  \
	} while (0)

TEST(xdg_homes_fall_back_under_HOME)
{
	env_enter("/home/alice");
	CHECK_OWNED_STR_EQ(xdg_config_home(), "/home/alice/.config");
	CHECK_OWNED_STR_EQ(xdg_cache_home(), "/home/alice/.cache");
	CHECK_OWNED_STR_EQ(xdg_data_home(), "/home/alice/.local/share");
	CHECK_OWNED_STR_EQ(xdg_state_home(), "/home/alice/.local/state");
	env_leave();
}

TEST(xdg_homes_take_absolute_variables)
{
	env_enter("/home/alice");
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	setenv("XDG_CACHE_HOME", "/var/cache/alice", 1);
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("XDG_STATE_HOME", "/state", 1);
	CHECK_OWNED_STR_EQ(xdg_config_home(), "/cfg");
	CHECK_OWNED_STR_EQ(xdg_cache_home(), "/var/cache/alice");
	CHECK_OWNED_STR_EQ(xdg_data_home(), "/data");
	CHECK_OWNED_STR_EQ(xdg_state_home(), "/state");
	env_leave();
}

TEST(xdg_relative_or_empty_variables_are_ignored)
{
	env_enter("/home/alice");
	setenv("XDG_CONFIG_HOME", "relative/cfg", 1);
	setenv("XDG_CACHE_HOME", "", 1);
	setenv("XDG_DATA_HOME", "~/data", 1);
	CHECK_OWNED_STR_EQ(xdg_config_home(), "/home/alice/.config");
	CHECK_OWNED_STR_EQ(xdg_cache_home(), "/home/alice/.cache");
	CHECK_OWNED_STR_EQ(xdg_data_home(), "/home/alice/.local/share");
	env_leave();
}

TEST(xdg_trailing_slashes_are_dropped)
{
	env_enter("/home/alice//");
	setenv("XDG_CONFIG_HOME", "/cfg/", 1);
	CHECK_OWNED_STR_EQ(xdg_config_home(), "/cfg");
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_CONFIG, "config"),
	    "/cfg/taube/config");
	CHECK_OWNED_STR_EQ(xdg_cache_home(), "/home/alice/.cache");
	setenv("XDG_CONFIG_HOME", "/", 1);
	CHECK_OWNED_STR_EQ(xdg_config_home(), "/");
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_CONFIG, "config"),
	    "/taube/config");
	env_leave();
}

TEST(xdg_root_as_home_gives_single_slashes)
{
	env_enter("/");
	CHECK_OWNED_STR_EQ(xdg_config_home(), "/.config");
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_STATE, NULL), "/.local/state/taube");
	env_leave();
}

TEST(xdg_taube_path_puts_files_under_a_taube_directory)
{
	env_enter("/home/alice");
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_CONFIG, "config"),
	    "/cfg/taube/config");
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_CONFIG, NULL), "/cfg/taube");
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_CONFIG, ""), "/cfg/taube");
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_CACHE, "work.sqlite"),
	    "/home/alice/.cache/taube/work.sqlite");
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_DATA, "outbox/work"),
	    "/home/alice/.local/share/taube/outbox/work");
	CHECK_OWNED_STR_EQ(xdg_taube_path(XDG_STATE, "history"),
	    "/home/alice/.local/state/taube/history");
	env_leave();
}

TEST(xdg_without_HOME_falls_back_to_the_password_database)
{
	struct passwd *pw = getpwuid(getuid());
	char *want;

	if (pw == NULL || pw->pw_dir[0] != '/') {
		printf("# no password entry with a home directory; skipped\n");
		return;
	}
	want = xasprintf("%s/.cache", strcmp(pw->pw_dir, "/") == 0 ? "" :
	    pw->pw_dir);
	env_enter(NULL);
	CHECK_OWNED_STR_EQ(xdg_cache_home(), want);
	setenv("HOME", "not/absolute", 1);
	CHECK_OWNED_STR_EQ(xdg_cache_home(), want);
	env_leave();
	free(want);
}

CHECK_MAIN(xdg_homes_fall_back_under_HOME,
    xdg_homes_take_absolute_variables,
    xdg_relative_or_empty_variables_are_ignored,
    xdg_trailing_slashes_are_dropped,
    xdg_root_as_home_gives_single_slashes,
    xdg_taube_path_puts_files_under_a_taube_directory,
    xdg_without_HOME_falls_back_to_the_password_database)
