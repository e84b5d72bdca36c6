// Run: asks every probe of every target and stores each answer in SQLite, batched, concurrent
// and resumable (issue: run engine). Only this header exists until that stage lands.
#pragma once
