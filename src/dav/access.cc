// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Credentials for CardDAV (SPEC §2.6): never on the command line, where ps
// would show them; files only when nobody else can read them.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

#include "dav/dav.h"
#include "io/source.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

// A secret file must be a regular file of this user, unreadable by others.
void CheckSecretFile(const std::string& path, const char* option) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) ThrowUsage(SystemMessage(path, errno));
  if (!S_ISREG(st.st_mode))
    ThrowUsage(fmt::format("{}: {} must name a regular file", path, option));
  if (st.st_uid != ::geteuid()) {
    ThrowUsage(fmt::format("{}: {} must belong to the user running vcsplit (it is uid {})", path,
                           option, st.st_uid));
  }
  if ((st.st_mode & 077) != 0) {
    ThrowUsage(fmt::format("{}: group or others can read it; run 'chmod 600 {}'", path, path));
  }
}

}  // namespace

HttpOptions ResolveAccess(const DavAccess& access) {
  HttpOptions o;
  o.user = access.user;
  o.ca_file = access.ca_file;
  o.timeout_seconds = access.timeout_seconds;
  if (access.password_file && access.netrc_file) {
    ThrowUsage("give --password-file or --netrc-file, not both");
  }
  if (access.password_file) {
    CheckSecretFile(*access.password_file, "--password-file");
    std::string text = ReadWholeFile(*access.password_file, *access.password_file);
    std::string first = text.substr(0, text.find_first_of("\r\n"));
    if (first.empty())
      ThrowUsage(fmt::format("{}: the first line is empty", *access.password_file));
    o.password = first;
  } else if (access.netrc_file) {
    CheckSecretFile(*access.netrc_file, "--netrc-file");
    o.netrc_file = access.netrc_file;
  } else if (const char* env = std::getenv("VCSPLIT_DAV_PASSWORD"); env && *env) {
    o.password = std::string(env);
  }
  if (o.password && o.user.empty()) ThrowUsage("a password needs --user NAME");
  if (access.ca_file) {
    struct stat st;
    if (::stat(access.ca_file->c_str(), &st) != 0)
      ThrowUsage(SystemMessage(*access.ca_file, errno));
  }
  return o;
}

}  // namespace vcsplit
