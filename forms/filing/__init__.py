"""Filing by grid: the register, ticking cards filed, printouts."""
