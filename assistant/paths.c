/* paths.c -- the path rules of ARCHITECTURE.md (XDG base directories). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", a, b);
    return s;
}

static const char *nonempty_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* XDG: an unset or relative $XDG_x_HOME is ignored (the spec says so). */
static char *xdg_file(const char *var, const char *fallback, const char *leaf,
                      const char **source)
{
    const char *base = nonempty_env(var);
    if (base && base[0] == '/') {
        *source = var;
        return join(base, leaf);
    }
    const char *home = nonempty_env("HOME");
    if (!home)
        return NULL;
    *source = "HOME";
    char *dir = join(home, fallback);
    char *path = dir ? join(dir, leaf) : NULL;
    free(dir);
    return path;
}

char *kefu_db_path(const char *cli, const char **source)
{
    if (cli && *cli) {
        *source = "--db";
        return strdup(cli);
    }
    const char *env = nonempty_env("KEFU_DB");
    if (env) {
        *source = "KEFU_DB";
        return strdup(env);
    }
    return xdg_file("XDG_DATA_HOME", ".local/share", "kefu/kefu.db", source);
}

char *kefu_config_path(const char *cli, const char **source, int *explicit_)
{
    *explicit_ = 1;
    if (cli && *cli) {
        *source = "--config";
        return strdup(cli);
    }
    const char *env = nonempty_env("KEFU_CONFIG");
    if (env) {
        *source = "KEFU_CONFIG";
        return strdup(env);
    }
    *explicit_ = 0;
    return xdg_file("XDG_CONFIG_HOME", ".config", "kefu/config.ini", source);
}

static int is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder holding the running executable, or "" if unknown. */
static const char *exe_dir(void)
{
    static char dir[PATH_MAX];
    static int done;
    if (done)
        return dir;
    done = 1;
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0) {
        dir[0] = '\0';
        return dir;
    }
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    return dir;
}

/* An installed tree may have been moved (cmake --install --prefix P, a
 * DESTDIR): look beside the executable first, at ../share/SUFFIX. */
static const char *beside_exe(const char *suffix)
{
    static char buf[2][PATH_MAX + 64];
    static int which;
    char *out = buf[which++ & 1];
    snprintf(out, sizeof buf[0], "%s/../share/%s", exe_dir(), suffix);
    return out;
}

/* Running from the build tree (the executable's folder holds
 * CMakeCache.txt, or its parent does)? Then use the source tree's data. */
static int running_from_build_tree(void)
{
    static int answer = -1;
    if (answer >= 0)
        return answer;
    char exe[PATH_MAX];
    answer = 0;
    snprintf(exe, sizeof exe, "%s", exe_dir());
    if (!exe[0])
        return answer;
    char *slash;
    for (int up = 0; up < 3 && !answer; up++) {
        char probe[PATH_MAX + 32];
        snprintf(probe, sizeof probe, "%s/CMakeCache.txt", exe);
        if (access(probe, F_OK) == 0)
            answer = 1;
        slash = strrchr(exe, '/');
        if (!slash)
            break;
        *slash = '\0';
    }
    return answer;
}

const char *kefu_data_dir(void)
{
    const char *env = nonempty_env("KEFU_DATA_DIR");
    if (env)
        return env;
    if (running_from_build_tree() && is_dir(KEFU_BUILD_DATADIR))
        return KEFU_BUILD_DATADIR;
    static char moved[PATH_MAX + 64];
    snprintf(moved, sizeof moved, "%s", beside_exe("kefu/data"));
    if (is_dir(moved))
        return moved;
    if (is_dir(KEFU_INSTALL_DATADIR "/data"))
        return KEFU_INSTALL_DATADIR "/data";
    return KEFU_BUILD_DATADIR;
}

const char *kefu_locale_dir(void)
{
    const char *env = nonempty_env("KEFU_LOCALE_DIR");
    if (env)
        return env;
    if (running_from_build_tree() && is_dir(KEFU_BUILD_LOCALEDIR))
        return KEFU_BUILD_LOCALEDIR;
    static char moved[PATH_MAX + 64];
    snprintf(moved, sizeof moved, "%s", beside_exe("locale/zh_CN"));
    if (is_dir(moved)) {
        snprintf(moved, sizeof moved, "%s", beside_exe("locale"));
        return moved;
    }
    return KEFU_INSTALL_LOCALEDIR;
}
