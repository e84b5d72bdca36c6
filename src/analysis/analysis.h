// Analysis: censorship rates with Wilson intervals, sensitive-vs-control asymmetry with paired
// tests, language gaps. Only this header exists until that stage lands.
#pragma once
