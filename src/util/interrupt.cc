// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcsplit/interrupt.h"

#include <csignal>

#include "vcsplit/error.h"

namespace vcsplit {

namespace {

volatile std::sig_atomic_t g_signal = 0;

void OnSignal(int sig) { g_signal = sig; }

}  // namespace

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking reads return EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool Interrupted() { return g_signal != 0; }

void ThrowIfInterrupted() {
  if (g_signal != 0) throw FatalError(kExitInterrupted, "interrupted; nothing was replaced");
}

}  // namespace vcsplit
