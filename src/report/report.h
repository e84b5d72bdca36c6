// Report: renders an analysis as self-contained HTML, Markdown, CSV or JSON. Only this header
// exists until that stage lands.
#pragma once
