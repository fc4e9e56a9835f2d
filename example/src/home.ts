import { markCurrentLink } from './common';

markCurrentLink();
const year = document.getElementById('year');
if (year) year.textContent = String(new Date().getFullYear());
