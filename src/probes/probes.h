// Probes: what candor asks. Loads and validates probe suites (the bundled one and users' own).
// Only this header exists until that stage lands.
#pragma once
