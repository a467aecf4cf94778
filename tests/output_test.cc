// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "io/output.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "test_util.h"
#include "vcsplit/error.h"

namespace vcsplit {
namespace {

using test::Exists;
using test::FileMode;
using test::ListDir;
using test::ReadFile;
using test::TempDir;
using test::WriteFile;

TEST_CASE("output: nothing appears before Commit, and the temporary file is private", "[output]") {
  TempDir dir;
  mode_t old = ::umask(0);
  {
    AtomicOutput out(dir / "native.vcf", false);
    out.Write("BEGIN:VCARD\r\n");
    out.Finish();
    CHECK_FALSE(Exists(dir / "native.vcf"));
    std::vector<std::string> names = ListDir(dir.path());
    REQUIRE(names.size() == 1);
    CHECK(FileMode(dir / names[0]) == 0600);
    out.Commit();
  }
  ::umask(old);
  CHECK(ReadFile(dir / "native.vcf") == "BEGIN:VCARD\r\n");
  CHECK(FileMode(dir / "native.vcf") == 0600);
  CHECK(ListDir(dir.path()) == std::vector<std::string>{"native.vcf"});
}

TEST_CASE("output: an output that is never committed leaves nothing behind", "[output]") {
  TempDir dir;
  WriteFile(dir / "native.vcf", "old");
  {
    AtomicOutput out(dir / "native.vcf", false);
    out.Write("new");
  }
  CHECK(ReadFile(dir / "native.vcf") == "old");
  CHECK(ListDir(dir.path()) == std::vector<std::string>{"native.vcf"});
}

TEST_CASE("output: a replaced file gets mode 0600", "[output]") {
  TempDir dir;
  WriteFile(dir / "native.vcf", "old");
  ::chmod((dir / "native.vcf").c_str(), 0644);
  AtomicOutput out(dir / "native.vcf", false);
  out.Write("new");
  out.Finish();
  out.Commit();
  CHECK(FileMode(dir / "native.vcf") == 0600);
}

TEST_CASE("output: a symlink is replaced, never written through", "[output]") {
  TempDir dir;
  WriteFile(dir / "target.vcf", "precious");
  REQUIRE(::symlink("target.vcf", (dir / "native.vcf").c_str()) == 0);
  REQUIRE(::symlink("missing.vcf", (dir / "dangling.vcf").c_str()) == 0);
  for (const char* name : {"native.vcf", "dangling.vcf"}) {
    AtomicOutput out(dir / name, false);
    out.Write("new");
    out.Finish();
    out.Commit();
    struct stat st;
    REQUIRE(::lstat((dir / name).c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK(ReadFile(dir / name) == "new");
  }
  CHECK(ReadFile(dir / "target.vcf") == "precious");
  CHECK_FALSE(Exists(dir / "missing.vcf"));
}

TEST_CASE("output: a dry run only counts and hashes", "[output]") {
  TempDir dir;
  AtomicOutput out(dir / "native.vcf", true);
  out.Write("abc");
  out.Finish();
  out.Commit();
  CHECK(ListDir(dir.path()).empty());
  CHECK(out.bytes() == 3);
  CHECK(out.sha256() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("output: a directory that cannot take files is an output failure", "[output]") {
  try {
    AtomicOutput out("/proc/vcsplit-cannot-exist/native.vcf", false);
    FAIL("expected an exception");
  } catch (const FatalError& e) {
    CHECK(e.code() == kExitOutput);
    CHECK(std::string(e.what()).rfind("/proc/vcsplit-cannot-exist/native.vcf: ", 0) == 0);
  }
}

}  // namespace
}  // namespace vcsplit
