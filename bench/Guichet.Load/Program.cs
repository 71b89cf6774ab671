// Load generator and HTTP load run for issue 4: see README in this folder (to be written).
return 0;
