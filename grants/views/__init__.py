"""The grants pages: public cycle pages, the applicant's pages and the grants office."""
