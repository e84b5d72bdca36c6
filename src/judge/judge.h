// Judge: gives each stored answer a verdict (answered, partial, deflected, state_narrative,
// refused, empty, error) with a confidence and its reasons. Only this header exists until that
// stage lands.
#pragma once
