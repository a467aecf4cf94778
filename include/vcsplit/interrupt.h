// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// SIGINT and SIGTERM end a run cleanly: the handler only sets a flag; long
// loops and blocking reads check it and throw FatalError(kExitInterrupted),
// so the usual unwinding removes temporary files and replaces nothing.

#ifndef VCSPLIT_INTERRUPT_H_
#define VCSPLIT_INTERRUPT_H_

namespace vcsplit {

// Installs the handlers (without SA_RESTART, so a blocked read returns).
void InstallInterruptHandlers();

bool Interrupted();

// Throws FatalError(kExitInterrupted) when a signal has arrived.
void ThrowIfInterrupted();

}  // namespace vcsplit

#endif  // VCSPLIT_INTERRUPT_H_
