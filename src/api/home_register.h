/* A home's register as the server's Arabic PDF (api/home_register_pdf.c), for GET /homes/{id}/register?format=pdf. */
#ifndef TAKAMUL_API_HOME_REGISTER_H
#define TAKAMUL_API_HOME_REGISTER_H

#include "api/request.h"
#include "domain/homes/homes.h"

/* Responds with the register as a PDF; TK_ERR_BUSY (retry after 2 s) while another document is drawn. */
int api_home_register_pdf(Request *req, const HomeRegister *reg);

#endif
