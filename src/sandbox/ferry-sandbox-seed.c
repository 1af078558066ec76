/* ferry-sandbox-seed.c: the sandbox's starting content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seeds:
 *   tutorial-dev   the configuration plus "MicroStrategy Tutorial" (a few
 *                  hundred objects) and "Human Resources Analysis Module"
 *   tutorial-prod  the same, with the differences a real production copy
 *                  would have (see tests/data/seed-differences.json, which
 *                  lists every one of them; the sandbox never reads it)
 *   empty          the configuration and both projects with their standard
 *                  folders only
 *   generated:N    the configuration and "MicroStrategy Tutorial" holding N
 *                  generated objects (folders included), for benchmarks
 *
 * Everything is deterministic: ids, versions and dates derive from names, so
 * two sandboxes seeded alike hold identical objects.
 */

#include "ferry-sandbox-seed.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Fixed values                                                               */
/* ------------------------------------------------------------------------ */

#define HR_PROJECT_NAME "Human Resources Analysis Module"
#define TUTORIAL_NAME   "MicroStrategy Tutorial"

/* Year as the reference page shows it (project B7CA92F0…). */
#define YEAR_VERSION    "2215B50211EB7C9D8F150080EF651EEA"
#define YEAR_CREATED    G_GINT64_CONSTANT (978468490000)   /* 2001-01-02T20:48:10Z */
#define YEAR_MODIFIED   G_GINT64_CONSTANT (1614829989000)  /* 2021-03-04T03:53:09Z */

#define DAY_MS          G_GINT64_CONSTANT (86400000)
#define HOUR_MS         G_GINT64_CONSTANT (3600000)
#define T_2019_01_01    G_GINT64_CONSTANT (1546300800000)
#define T_2019_01_07    G_GINT64_CONSTANT (1546851600000)  /* 09:00 */
#define T_2019_03_11    G_GINT64_CONSTANT (1552296600000)  /* 09:30 */
#define T_2001_01_02    G_GINT64_CONSTANT (978468300000)   /* 20:45 */
#define T_2024_06_30    G_GINT64_CONSTANT (1719748800000)  /* 12:00 */
#define T_2024_08_01    G_GINT64_CONSTANT (1722470400000)
#define T_2024_09_02    G_GINT64_CONSTANT (1725235200000)
#define T_2024_10_01    G_GINT64_CONSTANT (1727740800000)
#define T_2024_11_15    G_GINT64_CONSTANT (1731628800000)

/* Access rights (EnumDSSXMLAccessRightFlags). */
#define RIGHTS_BROWSE 1
#define RIGHTS_VIEW   197   /* browse, read, use, execute */
#define RIGHTS_MODIFY 221   /* view plus write and delete */
#define RIGHTS_FULL   255

typedef enum
{
  MODE_NEUTRAL,
  MODE_DEV,
  MODE_PROD,
} SeedMode;

/* ------------------------------------------------------------------------ */
/* Folders                                                                    */
/* ------------------------------------------------------------------------ */

#define PO  "Public Objects"
#define SO  "Schema Objects"
#define RS  PO "\\Reports\\Sales"
#define RF  PO "\\Reports\\Finance"
#define RI  PO "\\Reports\\Inventory"
#define RH  PO "\\Reports\\Human Resources"
#define RC  PO "\\Reports\\Customer Analysis"
#define RX  PO "\\Reports\\Executive"
#define RQ  PO "\\Reports\\Intelligent Cubes"
#define MS  PO "\\Metrics\\Sales Metrics"
#define MF  PO "\\Metrics\\Financial Metrics"
#define MI  PO "\\Metrics\\Inventory Metrics"
#define MC  PO "\\Metrics\\Customer Metrics"
#define MH  PO "\\Metrics\\HR Metrics"
#define MT  PO "\\Metrics\\Time-Based Metrics"
#define FT  PO "\\Filters\\Time Filters"
#define FG  PO "\\Filters\\Geography Filters"
#define FP  PO "\\Filters\\Product Filters"
#define FC  PO "\\Filters\\Customer Filters"
#define FH  PO "\\Filters\\HR Filters"
#define DD  PO "\\Dashboards"
#define DO  PO "\\Documents"
#define AT  SO "\\Attributes\\Time"
#define AG  SO "\\Attributes\\Geography"
#define AP  SO "\\Attributes\\Products"
#define AC  SO "\\Attributes\\Customers"
#define AE  SO "\\Attributes\\Employees"
#define AM  SO "\\Attributes\\Promotions"
#define DX  "Data Explorer"
#define PA  "Profiles\\Administrator\\My Reports"
#define PN  "Profiles\\Analyst\\My Reports"
#define MR  "My Personal Objects\\My Reports"
#define MO  "My Personal Objects\\My Objects"

/* The standard folders every project has (also the whole "empty" seed). */
static const char * const skeleton[] = {
  PO,
  PO "\\Reports",
  PO "\\Dashboards",
  PO "\\Documents",
  PO "\\Metrics",
  PO "\\Filters",
  PO "\\Custom Groups",
  PO "\\Prompts",
  PO "\\Templates",
  SO,
  SO "\\Attributes",
  SO "\\Facts",
  SO "\\Tables",
  SO "\\Hierarchies",
  SO "\\Transformations",
  DX,
  "My Personal Objects",
  MR,
  MO,
  "Profiles",
  "System Objects",
  "System Objects\\Security Filters",
};

/* ------------------------------------------------------------------------ */
/* Project content                                                            */
/* ------------------------------------------------------------------------ */

/* Item flags: which project holds it, which seed, report subtypes. */
enum
{
  IN_TUT     = 1 << 0,
  IN_HR      = 1 << 1,
  DEV_ONLY   = 1 << 2,   /* only in tutorial-dev */
  PROD_ONLY  = 1 << 3,   /* only in tutorial-prod */
  GRAPH      = 1 << 4,
  GRID_GRAPH = 1 << 5,
  CUBE       = 1 << 6,
};

#define TUT  IN_TUT
#define BOTH (IN_TUT | IN_HR)
#define HR   IN_HR

/* Kinds: T table, A attribute, F fact, X transformation, H hierarchy,
 * M metric, L filter, G custom group, P prompt, E template, R report,
 * D document, S security filter. USES names other items as "K:Name",
 * separated by '|'; a name absent from the project being built is left out
 * (the HR module has no sales tables, production lacks development work). */
typedef struct
{
  char        kind;
  const char *name;
  const char *folder;   /* NULL: the kind's default folder */
  guint       flags;
  const char *uses;
  const char *def;      /* kind-specific text: columns, expression, … */
} SeedItem;

typedef struct
{
  char        kind;
  int         type;
  int         subtype;
  const char *folder;
} KindInfo;

static const KindInfo kind_info[] = {
  { 'T', SB_TYPE_TABLE, SB_SUBTYPE_TABLE, SO "\\Tables" },
  { 'A', SB_TYPE_ATTRIBUTE, SB_SUBTYPE_ATTRIBUTE, SO "\\Attributes" },
  { 'F', SB_TYPE_FACT, SB_SUBTYPE_FACT, SO "\\Facts" },
  { 'X', SB_TYPE_TRANSFORMATION, SB_SUBTYPE_TRANSFORMATION, SO "\\Transformations" },
  { 'H', SB_TYPE_HIERARCHY, SB_SUBTYPE_HIERARCHY, SO "\\Hierarchies" },
  { 'M', SB_TYPE_METRIC, SB_SUBTYPE_METRIC, PO "\\Metrics" },
  { 'L', SB_TYPE_FILTER, SB_SUBTYPE_FILTER, PO "\\Filters" },
  { 'G', SB_TYPE_FILTER, SB_SUBTYPE_CUSTOM_GROUP, PO "\\Custom Groups" },
  { 'P', SB_TYPE_PROMPT, SB_SUBTYPE_PROMPT, PO "\\Prompts" },
  { 'E', SB_TYPE_TEMPLATE, SB_SUBTYPE_TEMPLATE, PO "\\Templates" },
  { 'R', SB_TYPE_REPORT, SB_SUBTYPE_REPORT_GRID, PO "\\Reports" },
  { 'D', SB_TYPE_DOCUMENT, SB_SUBTYPE_DOCUMENT, DD },
  { 'S', SB_TYPE_SECURITY_FILTER, SB_SUBTYPE_SECURITY_FILTER, "System Objects\\Security Filters" },
};

static const SeedItem items[] = {
  /* Tables */
  { 'T', "LU_YEAR", NULL, BOTH, NULL, "YEAR_ID,YEAR_DATE,YEAR_DURATION,PREV_YEAR_ID" },
  { 'T', "LU_QUARTER", NULL, BOTH, NULL, "QUARTER_ID,QUARTER_DATE,QUARTER_DESC,YEAR_ID,PREV_QUARTER_ID,LQ_QUARTER_ID" },
  { 'T', "LU_MONTH", NULL, BOTH, NULL, "MONTH_ID,MONTH_DATE,MONTH_DESC,MONTH_OF_YEAR,QUARTER_ID,YEAR_ID,PREV_MONTH_ID,LY_MONTH_ID" },
  { 'T', "LU_MONTH_OF_YEAR", NULL, TUT, NULL, "MONTH_OF_YEAR,MONTH_OF_YEAR_NAME" },
  { 'T', "LU_DAY", NULL, BOTH, NULL, "DAY_DATE,MONTH_ID,QUARTER_ID,YEAR_ID,PREV_DAY_DATE,LM_DAY_DATE,LQ_DAY_DATE,LY_DAY_DATE" },
  { 'T', "LU_CATEGORY", NULL, TUT, NULL, "CATEGORY_ID,CATEGORY_DESC" },
  { 'T', "LU_SUBCATEG", NULL, TUT, NULL, "SUBCAT_ID,SUBCAT_DESC,CATEGORY_ID" },
  { 'T', "LU_ITEM", NULL, TUT, NULL, "ITEM_ID,ITEM_NAME,SUBCAT_ID,BRAND_ID,SUPPLIER_ID,UNIT_PRICE,UNIT_COST,WARRANTY,DISC_CD" },
  { 'T', "LU_BRAND", NULL, TUT, NULL, "BRAND_ID,BRAND_DESC" },
  { 'T', "LU_SUPPLIER", NULL, TUT, NULL, "SUPPLIER_ID,SUPPLIER_NAME,CONTACT_FIRST_NAME,CONTACT_LAST_NAME" },
  { 'T', "LU_COUNTRY", NULL, BOTH, NULL, "COUNTRY_ID,COUNTRY_NAME" },
  { 'T', "LU_REGION", NULL, BOTH, NULL, "REGION_ID,REGION_NAME,COUNTRY_ID" },
  { 'T', "LU_CALL_CTR", NULL, TUT, NULL, "CALL_CTR_ID,CENTER_NAME,REGION_ID,COUNTRY_ID,MANAGER_ID" },
  { 'T', "LU_DIST_CTR", NULL, TUT, NULL, "DIST_CTR_ID,DIST_CTR_NAME,COUNTRY_ID" },
  { 'T', "LU_EMPLOYEE", NULL, BOTH, NULL, "EMP_ID,EMP_FIRST_NAME,EMP_LAST_NAME,HIRE_DATE,BIRTH_DATE,SALARY,CALL_CTR_ID,DIST_CTR_ID,COUNTRY_ID,MANAGER_ID" },
  { 'T', "LU_MANAGER", NULL, BOTH, NULL, "MANAGER_ID,MGR_FIRST_NAME,MGR_LAST_NAME,EMAIL" },
  { 'T', "LU_DEPARTMENT", NULL, HR, NULL, "DEPARTMENT_ID,DEPARTMENT_NAME,MANAGER_ID" },
  { 'T', "LU_CUSTOMER", NULL, TUT, NULL, "CUSTOMER_ID,CUST_FIRST_NAME,CUST_LAST_NAME,CUST_BIRTHDATE,ADDRESS,EMAIL,INCOME_ID,CUST_CITY_ID,GENDER_ID" },
  { 'T', "LU_CUST_CITY", NULL, TUT, NULL, "CUST_CITY_ID,CUST_CITY_NAME,CUST_STATE_ID" },
  { 'T', "LU_CUST_STATE", NULL, TUT, NULL, "CUST_STATE_ID,CUST_STATE_NAME,CUST_REGION_ID" },
  { 'T', "LU_CUST_REGION", NULL, TUT, NULL, "CUST_REGION_ID,CUST_REGION_NAME,CUST_COUNTRY_ID" },
  { 'T', "LU_INCOME", NULL, TUT, NULL, "INCOME_ID,BRACKET_DESC" },
  { 'T', "LU_AGE_RANGE", NULL, TUT, NULL, "AGE_RANGE_ID,AGE_RANGE_DESC" },
  { 'T', "LU_PROMOTION", NULL, TUT, NULL, "PROMO_SALE_ID,PROMO_SALE,PROMO_TYPE_ID" },
  { 'T', "LU_PROMO_TYPE", NULL, TUT, NULL, "PROMO_TYPE_ID,PROMO_TYPE_DESC" },
  { 'T', "LU_SHIPPER", NULL, TUT, NULL, "SHIPPER_ID,SHIPPER_DESC" },
  { 'T', "LU_ORDER", NULL, TUT, NULL, "ORDER_ID,ORDER_DATE,SHIP_DATE,CUSTOMER_ID,EMP_ID,SHIPPER_ID,PAYMENT_TYPE_ID" },
  { 'T', "LU_PAYMENT_TYPE", NULL, TUT, NULL, "PAYMENT_TYPE_ID,PAYMENT_DESC" },
  { 'T', "ORDER_FACT", NULL, TUT, NULL, "ORDER_ID,ORDER_DATE,EMP_ID,CUSTOMER_ID,ORDER_AMT,ORDER_COST,FREIGHT,QTY_SOLD" },
  { 'T', "ORDER_DETAIL", NULL, TUT, NULL, "ORDER_ID,ITEM_ID,ORDER_DATE,EMP_ID,PROMOTION_ID,QTY_SOLD,UNIT_PRICE,UNIT_COST,DISCOUNT" },
  { 'T', "ITEM_MNTH_SLS", NULL, TUT, NULL, "ITEM_ID,MONTH_ID,TOT_UNIT_SALES,TOT_DOLLAR_SALES,TOT_COST" },
  { 'T', "CITY_CTR_SLS", NULL, TUT, NULL, "CUST_CITY_ID,CALL_CTR_ID,TOT_UNIT_SALES,TOT_DOLLAR_SALES,TOT_COST" },
  { 'T', "INVENTORY_ORDERS", NULL, TUT, NULL, "ITEM_ID,MONTH_ID,UNITS_RECEIVED" },
  { 'T', "INVENTORY_CURR", NULL, TUT, NULL, "ITEM_ID,TARGET_QTY,EOH_QTY,BOH_QTY" },
  { 'T', "RUSH_ORDER", NULL, TUT, NULL, "ORDER_ID,RUSH_CHARGE" },
  { 'T', "EMPL_SALARY", NULL, BOTH, NULL, "EMP_ID,MONTH_ID,SALARY,BONUS" },
  { 'T', "EMPL_HEADCOUNT", NULL, BOTH, NULL, "EMP_ID,MONTH_ID,DEPARTMENT_ID,HEADCOUNT" },

  /* Attributes */
  { 'A', "Year", AT, BOTH, "T:LU_YEAR|T:LU_QUARTER|T:LU_MONTH|T:LU_DAY", "YEAR_ID" },
  { 'A', "Quarter", AT, BOTH, "T:LU_QUARTER|T:LU_MONTH|T:LU_DAY|A:Year", "QUARTER_ID" },
  { 'A', "Month", AT, BOTH, "T:LU_MONTH|T:LU_DAY|T:ITEM_MNTH_SLS|T:INVENTORY_ORDERS|A:Quarter|A:Month of Year", "MONTH_ID" },
  { 'A', "Month of Year", AT, TUT, "T:LU_MONTH_OF_YEAR|T:LU_MONTH", "MONTH_OF_YEAR" },
  { 'A', "Day", AT, BOTH, "T:LU_DAY|T:ORDER_FACT|T:ORDER_DETAIL|A:Month", "DAY_DATE" },
  { 'A', "Fiscal Week", AT, TUT | DEV_ONLY, "T:LU_DAY|A:Day", "FISCAL_WEEK_ID" },
  { 'A', "Country", AG, BOTH, "T:LU_COUNTRY|T:LU_REGION|T:LU_EMPLOYEE", "COUNTRY_ID" },
  { 'A', "Region", AG, BOTH, "T:LU_REGION|T:LU_CALL_CTR|A:Country", "REGION_ID" },
  { 'A', "Call Center", AG, TUT, "T:LU_CALL_CTR|T:LU_EMPLOYEE|T:CITY_CTR_SLS|A:Region", "CALL_CTR_ID" },
  { 'A', "Distribution Center", AG, TUT, "T:LU_DIST_CTR|T:LU_EMPLOYEE|A:Country", "DIST_CTR_ID" },
  { 'A', "Customer Region", AG, TUT, "T:LU_CUST_REGION|T:LU_CUST_STATE", "CUST_REGION_ID" },
  { 'A', "Customer State", AG, TUT, "T:LU_CUST_STATE|T:LU_CUST_CITY|A:Customer Region", "CUST_STATE_ID" },
  { 'A', "Customer City", AG, TUT, "T:LU_CUST_CITY|T:LU_CUSTOMER|T:CITY_CTR_SLS|A:Customer State", "CUST_CITY_ID" },
  { 'A', "Category", AP, TUT, "T:LU_CATEGORY|T:LU_SUBCATEG", "CATEGORY_ID" },
  { 'A', "Subcategory", AP, TUT, "T:LU_SUBCATEG|T:LU_ITEM|A:Category", "SUBCAT_ID" },
  { 'A', "Item", AP, TUT, "T:LU_ITEM|T:ORDER_DETAIL|T:ITEM_MNTH_SLS|T:INVENTORY_ORDERS|T:INVENTORY_CURR|A:Subcategory|A:Brand|A:Supplier", "ITEM_ID" },
  { 'A', "Brand", AP, TUT, "T:LU_BRAND|T:LU_ITEM", "BRAND_ID" },
  { 'A', "Supplier", AP, TUT, "T:LU_SUPPLIER|T:LU_ITEM", "SUPPLIER_ID" },
  { 'A', "Warranty", AP, TUT, "T:LU_ITEM", "WARRANTY" },
  { 'A', "Discontinued Code", AP, TUT, "T:LU_ITEM", "DISC_CD" },
  { 'A', "Customer", AC, TUT, "T:LU_CUSTOMER|T:LU_ORDER|T:ORDER_FACT|A:Customer City|A:Income Bracket", "CUSTOMER_ID" },
  { 'A', "Income Bracket", AC, TUT, "T:LU_INCOME|T:LU_CUSTOMER", "INCOME_ID" },
  { 'A', "Customer Age", AC, TUT, "T:LU_CUSTOMER", "CUST_BIRTHDATE" },
  { 'A', "Age Range", AC, TUT, "T:LU_AGE_RANGE|T:LU_CUSTOMER", "AGE_RANGE_ID" },
  { 'A', "Gender", AC, TUT, "T:LU_CUSTOMER", "GENDER_ID" },
  { 'A', "Order", AC, TUT, "T:LU_ORDER|T:ORDER_FACT|T:ORDER_DETAIL|T:RUSH_ORDER|A:Customer|A:Day", "ORDER_ID" },
  { 'A', "Payment Method", AC, TUT, "T:LU_PAYMENT_TYPE|T:LU_ORDER", "PAYMENT_TYPE_ID" },
  { 'A', "Shipper", AC, TUT, "T:LU_SHIPPER|T:LU_ORDER", "SHIPPER_ID" },
  { 'A', "Ship Date", AC, TUT, "T:LU_ORDER|A:Day", "SHIP_DATE" },
  { 'A', "Employee", AE, BOTH, "T:LU_EMPLOYEE|T:ORDER_FACT|T:EMPL_SALARY|A:Call Center|A:Manager|A:Department", "EMP_ID" },
  { 'A', "Manager", AE, BOTH, "T:LU_MANAGER|T:LU_EMPLOYEE", "MANAGER_ID" },
  { 'A', "Hire Date", AE, BOTH, "T:LU_EMPLOYEE", "HIRE_DATE" },
  { 'A', "Employee Age", AE, BOTH, "T:LU_EMPLOYEE", "BIRTH_DATE" },
  { 'A', "Employee Experience", AE, BOTH, "T:LU_EMPLOYEE", "HIRE_DATE" },
  { 'A', "Department", AE, HR, "T:LU_DEPARTMENT|T:EMPL_HEADCOUNT", "DEPARTMENT_ID" },
  { 'A', "Salary Band", AE, HR, "T:EMPL_SALARY", "SALARY" },
  { 'A', "Promotion", AM, TUT, "T:LU_PROMOTION|T:ORDER_DETAIL|A:Promotion Type", "PROMO_SALE_ID" },
  { 'A', "Promotion Type", AM, TUT, "T:LU_PROMO_TYPE|T:LU_PROMOTION", "PROMO_TYPE_ID" },

  /* Facts */
  { 'F', "Revenue", NULL, TUT, "T:ORDER_DETAIL|T:ORDER_FACT|T:ITEM_MNTH_SLS|T:CITY_CTR_SLS", "QTY_SOLD * (UNIT_PRICE - DISCOUNT)" },
  { 'F', "Cost", NULL, TUT, "T:ORDER_DETAIL|T:ORDER_FACT|T:ITEM_MNTH_SLS|T:CITY_CTR_SLS", "QTY_SOLD * UNIT_COST" },
  { 'F', "Profit", NULL, TUT, "T:ORDER_DETAIL|T:ITEM_MNTH_SLS|T:CITY_CTR_SLS", "QTY_SOLD * ((UNIT_PRICE - DISCOUNT) - UNIT_COST)" },
  { 'F', "Units Sold", NULL, TUT, "T:ORDER_DETAIL|T:ITEM_MNTH_SLS|T:CITY_CTR_SLS", "QTY_SOLD" },
  { 'F', "Discount", NULL, TUT, "T:ORDER_DETAIL", "DISCOUNT" },
  { 'F', "Unit Price", NULL, TUT, "T:ORDER_DETAIL|T:LU_ITEM", "UNIT_PRICE" },
  { 'F', "Unit Cost", NULL, TUT, "T:ORDER_DETAIL|T:LU_ITEM", "UNIT_COST" },
  { 'F', "Freight", NULL, TUT, "T:ORDER_FACT", "FREIGHT" },
  { 'F', "Rush Charge", NULL, TUT, "T:RUSH_ORDER", "RUSH_CHARGE" },
  { 'F', "Units Received", NULL, TUT, "T:INVENTORY_ORDERS", "UNITS_RECEIVED" },
  { 'F', "Beginning on Hand", NULL, TUT, "T:INVENTORY_CURR", "BOH_QTY" },
  { 'F', "End on Hand", NULL, TUT, "T:INVENTORY_CURR", "EOH_QTY" },
  { 'F', "Target Quantity", NULL, TUT, "T:INVENTORY_CURR", "TARGET_QTY" },
  { 'F', "Salary", NULL, BOTH, "T:LU_EMPLOYEE|T:EMPL_SALARY", "SALARY" },
  { 'F', "Bonus", NULL, BOTH, "T:EMPL_SALARY", "BONUS" },
  { 'F', "Headcount", NULL, BOTH, "T:EMPL_HEADCOUNT", "HEADCOUNT" },

  /* Transformations */
  { 'X', "Last Year", NULL, BOTH, "A:Year|T:LU_YEAR", "PREV_YEAR_ID" },
  { 'X', "Last Quarter", NULL, TUT, "A:Quarter|T:LU_QUARTER", "PREV_QUARTER_ID" },
  { 'X', "Last Month", NULL, TUT, "A:Month|T:LU_MONTH", "PREV_MONTH_ID" },
  { 'X', "Year to Date", NULL, TUT, "A:Day|T:LU_DAY", "LY_DAY_DATE" },
  { 'X', "Quarter to Date", NULL, TUT, "A:Day|T:LU_DAY", "LQ_DAY_DATE" },
  { 'X', "Month to Date", NULL, TUT, "A:Day|T:LU_DAY", "LM_DAY_DATE" },

  /* Hierarchies */
  { 'H', "Time", NULL, BOTH, "A:Year|A:Quarter|A:Month|A:Day", NULL },
  { 'H', "Geography", NULL, TUT, "A:Country|A:Region|A:Call Center", NULL },
  { 'H', "Products", NULL, TUT, "A:Category|A:Subcategory|A:Item", NULL },
  { 'H', "Customers", NULL, TUT, "A:Customer Region|A:Customer State|A:Customer City|A:Customer", NULL },
  { 'H', "Employees", NULL, BOTH, "A:Manager|A:Employee", NULL },
  { 'H', "Promotions", NULL, TUT, "A:Promotion Type|A:Promotion", NULL },
  { 'H', "Time Explorer", DX, BOTH, "A:Year|A:Quarter|A:Month", NULL },
  { 'H', "Geography Explorer", DX, TUT, "A:Country|A:Region|A:Call Center|A:Distribution Center", NULL },
  { 'H', "Product Explorer", DX, TUT, "A:Category|A:Subcategory|A:Item|A:Brand", NULL },
  { 'H', "Customer Explorer", DX, TUT, "A:Customer Region|A:Customer City|A:Customer", NULL },

  /* Metrics */
  { 'M', "Revenue", MS, TUT, "F:Revenue", "Sum(Revenue)" },
  { 'M', "Units Sold", MS, TUT, "F:Units Sold", "Sum([Units Sold])" },
  { 'M', "Discount", MS, TUT, "F:Discount", "Sum(Discount)" },
  { 'M', "Average Unit Price", MS, TUT, "F:Unit Price", "Avg([Unit Price])" },
  { 'M', "Order Count", MS, TUT, "A:Order", "Count(Order)" },
  { 'M', "Item Count", MS, TUT, "A:Item", "Count(Item)" },
  { 'M', "Revenue per Order", MS, TUT, "M:Revenue|M:Order Count", "Revenue / [Order Count]" },
  { 'M', "Units per Order", MS, TUT, "M:Units Sold|M:Order Count", "[Units Sold] / [Order Count]" },
  { 'M', "Average Discount", MS, TUT, "M:Discount|M:Units Sold", "Discount / [Units Sold]" },
  { 'M', "Revenue Rank", MS, TUT, "M:Revenue", "Rank(Revenue)" },
  { 'M', "Revenue Contribution to Category", MS, TUT, "M:Revenue|A:Category", "Revenue / Revenue {~, Category}" },
  { 'M', "Revenue Contribution to Region", MS, TUT, "M:Revenue|A:Region", "Revenue / Revenue {~, Region}" },
  { 'M', "Running Revenue", MS, TUT, "M:Revenue|A:Month", "RunningSum(Revenue) {~, Month}" },
  { 'M', "Moving Average Revenue", MS, TUT, "M:Revenue|A:Month", "MovingAvg(Revenue, 3) {~, Month}" },
  { 'M', "Promotion Revenue", MS, TUT, "M:Revenue|A:Promotion", "Revenue {~, Promotion}" },
  { 'M', "Northeast Revenue", MS, TUT, "M:Revenue|L:Northeast Region", "Revenue <[Northeast Region]>" },
  { 'M', "Cost", MF, TUT, "F:Cost", "Sum(Cost)" },
  { 'M', "Profit", MF, TUT, "F:Profit", "Sum(Profit)" },
  { 'M', "Profit Margin", MF, TUT, "M:Profit|M:Revenue", "Profit / Revenue" },
  { 'M', "Cost Ratio", MF, TUT, "M:Cost|M:Revenue", "Cost / Revenue" },
  { 'M', "Freight", MF, TUT, "F:Freight", "Sum(Freight)" },
  { 'M', "Rush Charge", MF, TUT, "F:Rush Charge", "Sum([Rush Charge])" },
  { 'M', "Average Unit Cost", MF, TUT, "F:Unit Cost", "Avg([Unit Cost])" },
  { 'M', "Profit Rank", MF, TUT, "M:Profit", "Rank(Profit)" },
  { 'M', "Profit per Unit", MF, TUT, "M:Profit|M:Units Sold", "Profit / [Units Sold]" },
  { 'M', "Revenue Forecast", MF, TUT, "M:Last Year's Revenue", "[Last Year's Revenue] * 1.05" },
  { 'M', "Revenue Variance", MF, TUT, "M:Revenue|M:Revenue Forecast", "Revenue - [Revenue Forecast]" },
  { 'M', "Profit Forecast", MF, TUT, "M:Last Year's Profit", "[Last Year's Profit] * 1.05" },
  { 'M', "Gross Margin %", MF, TUT | DEV_ONLY, "M:Revenue|M:Cost", "(Revenue - Cost) / Revenue" },
  { 'M', "Audited Revenue", MF, TUT | PROD_ONLY, "F:Revenue|L:Closed Fiscal Periods", "Sum(Revenue) <[Closed Fiscal Periods]>" },
  { 'M', "Units Received", MI, TUT, "F:Units Received", "Sum([Units Received])" },
  { 'M', "Beginning on Hand", MI, TUT, "F:Beginning on Hand", "Sum([Beginning on Hand]) {~, Month}" },
  { 'M', "End on Hand", MI, TUT, "F:End on Hand", "Sum([End on Hand]) {~, Month}" },
  { 'M', "Target Quantity", MI, TUT, "F:Target Quantity", "Sum([Target Quantity])" },
  { 'M', "Inventory Turnover", MI, TUT, "M:Units Sold|M:End on Hand", "[Units Sold] / [End on Hand]" },
  { 'M', "Stock Gap", MI, TUT, "M:Target Quantity|M:End on Hand", "[Target Quantity] - [End on Hand]" },
  { 'M', "Fill Rate", MI, TUT, "M:Units Received|M:Units Sold", "[Units Received] / [Units Sold]" },
  { 'M', "Days of Supply", MI, TUT, "M:End on Hand|M:Units Sold|A:Day", "[End on Hand] / ([Units Sold] / Count(Day))" },
  { 'M', "Customer Count", MC, TUT, "A:Customer", "Count(Customer)" },
  { 'M', "Revenue per Customer", MC, TUT, "M:Revenue|M:Customer Count", "Revenue / [Customer Count]" },
  { 'M', "New Customers", MC, TUT, "A:Customer|A:Day", "Count(Customer) {~, Day}" },
  { 'M', "Customer Retention Rate", MC, TUT, "M:New Customers|M:Customer Count", "1 - ([New Customers] / [Customer Count])" },
  { 'M', "Average Customer Age", MC, TUT, "A:Customer Age", "Avg([Customer Age])" },
  { 'M', "Orders per Customer", MC, TUT, "M:Order Count|M:Customer Count", "[Order Count] / [Customer Count]" },
  { 'M', "Churn Rate", MC, TUT | DEV_ONLY, "M:Customer Count|M:New Customers", "1 - ([Customer Count] - [New Customers]) / [Customer Count]" },
  { 'M', "Headcount", MH, BOTH, "F:Headcount", "Sum(Headcount)" },
  { 'M', "Employee Count", MH, BOTH, "A:Employee", "Count(Employee)" },
  { 'M', "Total Salary", MH, BOTH, "F:Salary", "Sum(Salary)" },
  { 'M', "Average Salary", MH, BOTH, "F:Salary", "Avg(Salary)" },
  { 'M', "Total Bonus", MH, BOTH, "F:Bonus", "Sum(Bonus)" },
  { 'M', "Average Tenure", MH, BOTH, "A:Employee Experience", "Avg([Employee Experience])" },
  { 'M', "Turnover Rate", MH, BOTH, "M:Employee Count|M:Headcount", "1 - [Employee Count] / Headcount" },
  { 'M', "Salary Growth", MH, BOTH, "M:Total Salary|X:Last Year", "([Total Salary] - [Total Salary] {Last Year}) / [Total Salary] {Last Year}" },
  { 'M', "Salary Cost Ratio", MH, TUT, "M:Total Salary|M:Cost", "[Total Salary] / Cost" },
  { 'M', "Revenue per Employee", MH, TUT | DEV_ONLY, "M:Revenue|M:Employee Count", "Revenue / [Employee Count]" },
  { 'M', "Last Year's Revenue", MT, TUT, "M:Revenue|X:Last Year", "Revenue {Last Year}" },
  { 'M', "Revenue Growth", MT, TUT, "M:Revenue|M:Last Year's Revenue", "(Revenue - [Last Year's Revenue]) / [Last Year's Revenue]" },
  { 'M', "Last Year's Profit", MT, TUT, "M:Profit|X:Last Year", "Profit {Last Year}" },
  { 'M', "Profit Growth", MT, TUT, "M:Profit|M:Last Year's Profit", "(Profit - [Last Year's Profit]) / [Last Year's Profit]" },
  { 'M', "Last Year's Units Sold", MT, TUT, "M:Units Sold|X:Last Year", "[Units Sold] {Last Year}" },
  { 'M', "Last Quarter's Revenue", MT, TUT, "M:Revenue|X:Last Quarter", "Revenue {Last Quarter}" },
  { 'M', "Quarter over Quarter Growth", MT, TUT, "M:Revenue|M:Last Quarter's Revenue", "(Revenue - [Last Quarter's Revenue]) / [Last Quarter's Revenue]" },
  { 'M', "Last Month's Revenue", MT, TUT, "M:Revenue|X:Last Month", "Revenue {Last Month}" },
  { 'M', "Month over Month Growth", MT, TUT, "M:Revenue|M:Last Month's Revenue", "(Revenue - [Last Month's Revenue]) / [Last Month's Revenue]" },
  { 'M', "Revenue YTD", MT, TUT, "M:Revenue|X:Year to Date", "Revenue {Year to Date}" },
  { 'M', "Profit YTD", MT, TUT, "M:Profit|X:Year to Date", "Profit {Year to Date}" },
  { 'M', "Units Sold YTD", MT, TUT, "M:Units Sold|X:Year to Date", "[Units Sold] {Year to Date}" },
  { 'M', "Revenue QTD", MT, TUT, "M:Revenue|X:Quarter to Date", "Revenue {Quarter to Date}" },
  { 'M', "Revenue MTD", MT, TUT, "M:Revenue|X:Month to Date", "Revenue {Month to Date}" },
  { 'M', "My Revenue Ratio", MO, TUT, "M:Revenue|M:Cost", "Revenue / Cost" },

  /* Filters */
  { 'L', "Year 2024", FT, BOTH, "A:Year", "Year@ID = 2024" },
  { 'L', "Year 2023", FT, TUT, "A:Year", "Year@ID = 2023" },
  { 'L', "Last 3 Years", FT, TUT, "A:Year", "Year@ID Between 2022 And 2024" },
  { 'L', "Q4 2024", FT, TUT, "A:Quarter", "Quarter@ID = 20244" },
  { 'L', "Current Month", FT, TUT, "A:Month", "Month@ID = CurrentMonth()" },
  { 'L', "Last Quarter", FT, TUT, "A:Quarter|X:Last Quarter", "Quarter@ID = PreviousQuarter()" },
  { 'L', "Year to Date 2024", FT, TUT, "A:Day", "Day@ID Between 2024-01-01 And CurrentDate()" },
  { 'L', "Holiday Season", FT, TUT, "A:Month of Year", "[Month of Year]@ID In (11, 12)" },
  { 'L', "Trailing 12 Months", FT, TUT | DEV_ONLY, "A:Month", "Month@ID >= AddMonths(CurrentMonth(), -12)" },
  { 'L', "Closed Fiscal Periods", FT, TUT | PROD_ONLY, "A:Quarter", "Quarter@ID <= 20243" },
  { 'L', "Northeast Region", FG, TUT, "A:Region", "Region@DESC = \"Northeast\"" },
  { 'L', "Central and South Regions", FG, TUT, "A:Region", "Region@DESC In (\"Central\", \"South\")" },
  { 'L', "USA Only", FG, TUT, "A:Country", "Country@DESC = \"USA\"" },
  { 'L', "Europe", FG, TUT, "A:Country", "Country@DESC In (\"England\", \"France\", \"Germany\")" },
  { 'L', "Top Call Centers", FG, TUT, "A:Call Center|M:Revenue", "Rank(Revenue) {Call Center} <= 5" },
  { 'L', "Electronics Category", FP, TUT, "A:Category", "Category@DESC = \"Electronics\"" },
  { 'L', "Books and Movies", FP, TUT, "A:Category", "Category@DESC In (\"Books\", \"Movies\")" },
  { 'L', "High Margin Items", FP, TUT, "A:Item|M:Profit Margin", "[Profit Margin] {Item} > 0.25" },
  { 'L', "Discontinued Items", FP, TUT, "A:Discontinued Code", "[Discontinued Code]@ID = 1" },
  { 'L', "Top 10 Items by Revenue", FP, TUT, "A:Item|M:Revenue", "Rank(Revenue) {Item} <= 10" },
  { 'L', "Premium Brands", FP, TUT, "A:Brand", "Brand@DESC In (\"Sony\", \"Canon\", \"Nikon\")" },
  { 'L', "Top 10 Customers by Revenue", FC, TUT, "A:Customer|M:Revenue", "Rank(Revenue) {Customer} <= 10" },
  { 'L', "High Income Customers", FC, TUT, "A:Income Bracket", "[Income Bracket]@ID >= 7" },
  { 'L', "Customers Aged 25-44", FC, TUT, "A:Age Range", "[Age Range]@ID In (2, 3)" },
  { 'L', "Repeat Customers", FC, TUT, "A:Customer|M:Order Count", "[Order Count] {Customer} > 1" },
  { 'L', "Rush Orders", FC, TUT, "A:Order|M:Rush Charge", "[Rush Charge] {Order} > 0" },
  { 'L', "Promoted Orders", FC, TUT, "A:Promotion", "Promotion@ID <> 0" },
  { 'L', "Active Employees", FH, BOTH, "A:Employee", "Employee@ID NotIn (Terminated)" },
  { 'L', "Managers Only", FH, BOTH, "A:Manager", "Manager@ID Is Not Null" },
  { 'L', "Hired Since 2020", FH, BOTH, "A:Hire Date", "[Hire Date]@ID >= 2020-01-01" },
  { 'L', "Senior Employees", FH, BOTH, "A:Employee Experience", "[Employee Experience]@ID >= 10" },
  { 'L', "My Favorite Items", MO, TUT, "A:Item", "Item@ID In (1, 7, 42)" },

  /* Custom groups */
  { 'G', "Age Groups", NULL, TUT, "A:Customer Age", NULL },
  { 'G', "Revenue Bands", NULL, TUT, "A:Customer|M:Revenue", NULL },
  { 'G', "Regional Groups", NULL, TUT, "A:Region", NULL },
  { 'G', "Product Tiers", NULL, TUT, "A:Item|M:Profit", NULL },
  { 'G', "Income Groups", NULL, TUT, "A:Income Bracket", NULL },
  { 'G', "Seasons", NULL, TUT, "A:Month of Year", NULL },
  { 'G', "Tenure Groups", NULL, BOTH, "A:Employee Experience", NULL },

  /* Prompts */
  { 'P', "Choose Year", NULL, BOTH, "A:Year", "Which years?" },
  { 'P', "Choose Quarter", NULL, BOTH, "A:Quarter", "Which quarters?" },
  { 'P', "Choose Month", NULL, TUT, "A:Month", "Which months?" },
  { 'P', "Choose Region", NULL, BOTH, "A:Region", "Which regions?" },
  { 'P', "Choose Country", NULL, BOTH, "A:Country", "Which countries?" },
  { 'P', "Choose Category", NULL, TUT, "A:Category", "Which categories?" },
  { 'P', "Choose Subcategory", NULL, TUT, "A:Subcategory", "Which subcategories?" },
  { 'P', "Choose Call Center", NULL, TUT, "A:Call Center", "Which call centers?" },
  { 'P', "Choose Employee", NULL, BOTH, "A:Employee", "Which employees?" },
  { 'P', "Choose Customer Region", NULL, TUT, "A:Customer Region", "Which customer regions?" },
  { 'P', "Choose Brand", NULL, TUT, "A:Brand", "Which brands?" },
  { 'P', "Select Metrics", NULL, TUT, "M:Revenue|M:Cost|M:Profit|M:Units Sold", "Which metrics?" },
  { 'P', "Date Range", NULL, TUT, "A:Day", "From which day to which day?" },
  { 'P', "Select Time Attribute", NULL, TUT, "A:Year|A:Quarter|A:Month", "Which time level?" },
  { 'P', "Choose Fiscal Period", NULL, TUT | DEV_ONLY, "A:Quarter", "Which fiscal quarters?" },

  /* Templates */
  { 'E', "Basic Grid", NULL, TUT, "A:Year|M:Revenue", NULL },
  { 'E', "Revenue by Time", NULL, TUT, "A:Year|A:Quarter|M:Revenue", NULL },
  { 'E', "Category Analysis", NULL, TUT, "A:Category|A:Subcategory|M:Revenue|M:Profit", NULL },
  { 'E', "Regional Performance", NULL, TUT, "A:Region|A:Call Center|M:Revenue|M:Profit Margin", NULL },
  { 'E', "Customer Profile", NULL, TUT, "A:Customer|A:Income Bracket|M:Revenue per Customer", NULL },
  { 'E', "Inventory Status", NULL, TUT, "A:Item|M:End on Hand|M:Target Quantity", NULL },
  { 'E', "Employee Performance", NULL, BOTH, "A:Employee|M:Revenue|M:Order Count|M:Employee Count", NULL },
  { 'E', "Executive Summary", NULL, TUT, "A:Year|M:Revenue|M:Profit|M:Profit Margin", NULL },
  { 'E', "Monthly Trend", NULL, TUT, "A:Month|M:Revenue|M:Cost", NULL },
  { 'E', "Promotion Analysis", NULL, TUT, "A:Promotion|M:Revenue|M:Discount", NULL },
  { 'E', "Headcount Overview", NULL, BOTH, "A:Year|A:Employee|M:Headcount", NULL },
  { 'E', "Salary Analysis", NULL, BOTH, "A:Manager|M:Average Salary|M:Total Salary", NULL },

  /* Reports (the "<metric> by <attribute>" series is generated below) */
  { 'R', "Category Sales Report", RS, TUT | GRID_GRAPH, "E:Category Analysis|A:Category|M:Revenue|M:Profit|P:Choose Year", NULL },
  { 'R', "Regional Sales Summary", RX, TUT, "E:Regional Performance|A:Region|M:Revenue|M:Profit Margin|L:Year 2024", NULL },
  { 'R', "Top 10 Items by Revenue", RS, TUT, "E:Basic Grid|A:Item|M:Revenue|L:Top 10 Items by Revenue", NULL },
  { 'R', "Sales by Promotion", RS, TUT, "E:Promotion Analysis|A:Promotion|M:Revenue|M:Discount|L:Promoted Orders", NULL },
  { 'R', "Monthly Sales Trend", RS, TUT | GRAPH, "E:Monthly Trend|A:Month|M:Revenue|M:Cost|L:Year 2024", NULL },
  { 'R', "Electronics Sales", RS, TUT, "E:Category Analysis|A:Subcategory|M:Revenue|L:Electronics Category", NULL },
  { 'R', "Holiday Season Sales", RS, TUT, "E:Revenue by Time|A:Month|M:Revenue|L:Holiday Season", NULL },
  { 'R', "Year over Year Sales", RS, TUT | GRAPH, "E:Revenue by Time|A:Year|M:Revenue|M:Last Year's Revenue|M:Revenue Growth", NULL },
  { 'R', "Brand Performance", RS, TUT, "E:Category Analysis|A:Brand|M:Revenue|M:Units Sold|P:Choose Brand", NULL },
  { 'R', "Northeast Sales", RS, TUT, "E:Regional Performance|A:Call Center|M:Revenue|L:Northeast Region", NULL },
  { 'R', "Revenue Year to Date", RS, TUT, "E:Revenue by Time|A:Month|M:Revenue YTD|P:Choose Year", NULL },
  { 'R', "Sales by Region and Category", RS, TUT | GRID_GRAPH, "E:Regional Performance|A:Region|A:Category|M:Revenue|P:Choose Region", NULL },
  { 'R', "Units Sold by Subcategory", RS, TUT, "E:Category Analysis|A:Subcategory|M:Units Sold|P:Choose Category", NULL },
  { 'R', "Revenue Contribution Report", RS, TUT, "E:Category Analysis|A:Category|A:Subcategory|M:Revenue Contribution to Category", NULL },
  { 'R', "Running Revenue by Month", RS, TUT | GRAPH, "E:Monthly Trend|A:Month|M:Running Revenue|M:Moving Average Revenue", NULL },
  { 'R', "Profit and Loss Statement", RF, TUT, "E:Executive Summary|A:Quarter|M:Revenue|M:Cost|M:Profit|M:Profit Margin|P:Choose Year", NULL },
  { 'R', "Quarterly Financial Summary", RF, TUT, "E:Executive Summary|A:Quarter|M:Revenue|M:Profit|M:Quarter over Quarter Growth", NULL },
  { 'R', "Revenue Growth Analysis", RF, TUT | GRAPH, "E:Revenue by Time|A:Year|M:Revenue Growth|M:Profit Growth", NULL },
  { 'R', "Cost Breakdown by Category", RF, TUT, "E:Category Analysis|A:Category|M:Cost|M:Cost Ratio", NULL },
  { 'R', "Freight Costs by Shipper", RF, TUT, "E:Basic Grid|A:Shipper|M:Freight", NULL },
  { 'R', "Discount Impact Analysis", RF, TUT, "E:Promotion Analysis|A:Promotion Type|M:Discount|M:Average Discount|M:Revenue", NULL },
  { 'R', "Budget vs Actual", RF, TUT | GRID_GRAPH, "E:Executive Summary|A:Quarter|M:Revenue|M:Revenue Forecast|M:Revenue Variance", NULL },
  { 'R', "Rush Order Charges", RF, TUT, "E:Basic Grid|A:Month|M:Rush Charge|L:Rush Orders", NULL },
  { 'R', "Margin Trend", RF, TUT | DEV_ONLY | GRAPH, "E:Monthly Trend|A:Month|M:Gross Margin %|L:Trailing 12 Months|P:Choose Fiscal Period", NULL },
  { 'R', "Prod Audit Report", RF, TUT | PROD_ONLY, "E:Executive Summary|A:Quarter|M:Audited Revenue|M:Revenue|L:Closed Fiscal Periods", NULL },
  { 'R', "Inventory Summary", RI, TUT, "E:Inventory Status|A:Item|M:Beginning on Hand|M:End on Hand|M:Units Received", NULL },
  { 'R', "Stock Levels by Item", RI, TUT, "E:Inventory Status|A:Item|M:End on Hand|M:Target Quantity|M:Stock Gap|P:Choose Category", NULL },
  { 'R', "Inventory Turnover by Category", RI, TUT, "E:Category Analysis|A:Category|M:Inventory Turnover", NULL },
  { 'R', "Supplier Deliveries", RI, TUT, "E:Basic Grid|A:Supplier|A:Month|M:Units Received", NULL },
  { 'R', "Fill Rate by Month", RI, TUT | GRAPH, "E:Monthly Trend|A:Month|M:Fill Rate", NULL },
  { 'R', "Days of Supply Report", RI, TUT, "E:Inventory Status|A:Item|M:Days of Supply", NULL },
  { 'R', "Discontinued Items Stock", RI, TUT, "E:Inventory Status|A:Item|M:End on Hand|L:Discontinued Items", NULL },
  { 'R', "Employee Headcount", RH, TUT, "E:Headcount Overview|A:Year|M:Headcount|M:Employee Count", NULL },
  { 'R', "Salary by Manager", RH, BOTH, "E:Salary Analysis|A:Manager|M:Average Salary|M:Total Salary", NULL },
  { 'R', "Employee Revenue Ranking", RH, TUT, "E:Employee Performance|A:Employee|M:Revenue|M:Revenue Rank|P:Choose Call Center", NULL },
  { 'R', "Hiring Trend by Year", RH, BOTH | GRAPH, "E:Headcount Overview|A:Hire Date|M:Employee Count|L:Hired Since 2020", NULL },
  { 'R', "Employee Experience Distribution", RH, BOTH, "E:Headcount Overview|G:Tenure Groups|M:Employee Count", NULL },
  { 'R', "Headcount by Department", RH, HR, "E:Headcount Overview|A:Department|M:Headcount", NULL },
  { 'R', "Salary by Department", RH, HR, "E:Salary Analysis|A:Department|M:Total Salary|M:Average Salary", NULL },
  { 'R', "Bonus Distribution", RH, HR | GRAPH, "E:Salary Analysis|A:Salary Band|M:Total Bonus", NULL },
  { 'R', "Turnover Analysis", RH, BOTH, "E:Headcount Overview|A:Year|M:Turnover Rate|P:Choose Year", NULL },
  { 'R', "Employee Age Profile", RH, BOTH, "E:Headcount Overview|A:Employee Age|M:Employee Count|L:Active Employees", NULL },
  { 'R', "Salary Growth Report", RH, BOTH, "E:Salary Analysis|A:Year|M:Total Salary|M:Salary Growth|P:Choose Country", NULL },
  { 'R', "Managers Report", RH, BOTH, "E:Employee Performance|A:Manager|M:Employee Count|L:Managers Only", NULL },
  { 'R', "Customer Revenue Ranking", RC, TUT, "E:Customer Profile|A:Customer|M:Revenue|M:Revenue Rank", NULL },
  { 'R', "Customer Income Analysis", RC, TUT, "E:Customer Profile|G:Income Groups|M:Revenue per Customer", NULL },
  { 'R', "New Customers by Month", RC, TUT | GRAPH, "E:Monthly Trend|A:Month|M:New Customers", NULL },
  { 'R', "Customer Retention", RC, TUT, "E:Customer Profile|A:Customer Region|M:Customer Retention Rate", NULL },
  { 'R', "Revenue Bands Report", RC, TUT, "E:Customer Profile|G:Revenue Bands|M:Revenue|M:Customer Count", NULL },
  { 'R', "Age Group Analysis", RC, TUT, "E:Customer Profile|G:Age Groups|M:Revenue|M:Customer Count", NULL },
  { 'R', "Top 10 Customers", RC, TUT, "E:Customer Profile|A:Customer|M:Revenue|L:Top 10 Customers by Revenue", NULL },
  { 'R', "High Income Customer Orders", RC, TUT, "E:Customer Profile|A:Customer|M:Order Count|L:High Income Customers", NULL },
  { 'R', "Customers by Age Range", RC, TUT, "E:Customer Profile|A:Age Range|M:Customer Count|L:Customers Aged 25-44", NULL },
  { 'R', "Repeat Customer Revenue", RC, TUT, "E:Customer Profile|A:Customer|M:Revenue|M:Orders per Customer|L:Repeat Customers", NULL },
  { 'R', "Customer Churn Analysis", RC, TUT | DEV_ONLY | GRID_GRAPH, "E:Customer Profile|A:Customer Region|M:Churn Rate|M:Customer Count", NULL },
  { 'R', "Executive Summary", RX, TUT, "E:Executive Summary|A:Year|M:Revenue|M:Profit|M:Profit Margin|M:Revenue Growth", NULL },
  { 'R', "KPI Scorecard", RX, TUT, "E:Executive Summary|A:Quarter|M:Revenue|M:Profit Margin|M:Customer Count|M:Inventory Turnover", NULL },
  { 'R', "Regional Performance Overview", RX, TUT | GRID_GRAPH, "E:Regional Performance|G:Regional Groups|M:Revenue|M:Profit", NULL },
  { 'R', "Call Center Performance Report", RX, TUT, "E:Regional Performance|A:Call Center|M:Revenue|M:Profit Margin|L:Top Call Centers", NULL },
  { 'R', "Seasonal Sales Overview", RX, TUT | GRAPH, "E:Revenue by Time|G:Seasons|M:Revenue", NULL },
  { 'R', "Product Tier Profitability", RX, TUT, "E:Category Analysis|G:Product Tiers|M:Profit", NULL },
  { 'R', "Sales Cube", RQ, TUT | CUBE, "A:Year|A:Quarter|A:Month|A:Region|A:Category|A:Subcategory|M:Revenue|M:Cost|M:Profit|M:Units Sold", NULL },
  { 'R', "Inventory Cube", RQ, TUT | CUBE, "A:Item|A:Supplier|A:Month|M:End on Hand|M:Units Received|M:Target Quantity", NULL },
  { 'R', "Customer Cube", RQ, TUT | CUBE, "A:Customer|A:Customer Region|A:Income Bracket|M:Revenue|M:Order Count", NULL },
  { 'R', "Financial Cube", RQ, TUT | CUBE, "A:Quarter|A:Category|M:Revenue|M:Cost|M:Profit|M:Freight", NULL },
  { 'R', "HR Cube", RQ, BOTH | CUBE, "A:Year|A:Employee|A:Manager|A:Department|M:Headcount|M:Total Salary", NULL },
  { 'R', "Geography Sales Cube", RQ, TUT | CUBE, "A:Country|A:Region|A:Call Center|M:Revenue|M:Units Sold", NULL },
  { 'R', "Revenue Check", PA, TUT, "E:Basic Grid|A:Year|M:Revenue", NULL },
  { 'R', "Margin Sanity Check", PA, TUT, "E:Basic Grid|A:Category|M:Profit Margin", NULL },
  { 'R', "My Region Sales", PN, TUT, "E:Basic Grid|A:Region|M:Revenue|L:Northeast Region", NULL },
  { 'R', "Quarterly Numbers", PN, TUT, "E:Basic Grid|A:Quarter|M:Revenue|M:Profit", NULL },
  { 'R', "Draft Sales Grid", MR, TUT, "E:Basic Grid|A:Category|M:Units Sold", NULL },
  { 'R', "Quick Revenue Look", MR, TUT, "E:Basic Grid|A:Month|M:Revenue", NULL },

  /* Dashboards and documents (DEF is the description) */
  { 'D', "Sales Overview Dashboard", DD, TUT, "R:Revenue by Year|R:Category Sales Report|R:Monthly Sales Trend|R:Sales Cube", "Daily view of sales for the sales team" },
  { 'D', "Executive Dashboard", DD, TUT, "R:Executive Summary|R:KPI Scorecard|R:Regional Performance Overview", "Company KPIs at a glance" },
  { 'D', "Regional Sales Dashboard", DD, TUT, "R:Regional Sales Summary|R:Northeast Sales|R:Geography Sales Cube", "Sales by region and call center" },
  { 'D', "Product Performance Dashboard", DD, TUT, "R:Brand Performance|R:Electronics Sales|R:Top 10 Items by Revenue", "Which products sell, and which do not" },
  { 'D', "Customer Insights Dashboard", DD, TUT, "R:Customer Revenue Ranking|R:Customer Retention|R:Customer Cube", "Who buys, how often, how much" },
  { 'D', "Inventory Dashboard", DD, TUT, "R:Inventory Summary|R:Stock Levels by Item|R:Inventory Cube", "Stock levels against targets" },
  { 'D', "Call Center Performance", DD, TUT, "R:Call Center Performance Report|R:Employee Revenue Ranking", "Call center revenue and staff ranking" },
  { 'D', "HR Analytics Dashboard", DD, BOTH, "R:Employee Headcount|R:Salary by Manager|R:Hiring Trend by Year|R:HR Cube", "Headcount, hiring and salaries" },
  { 'D', "Promotion Effectiveness Dashboard", DD, TUT, "R:Sales by Promotion|R:Discount Impact Analysis", "What promotions bring in" },
  { 'D', "Workforce Overview", DD, BOTH, "R:Turnover Analysis|R:Employee Age Profile|R:Salary Growth Report", "Turnover, age and salary growth" },
  { 'D', "Executive Pulse Dashboard", DD, TUT | DEV_ONLY, "R:Margin Trend|R:Customer Churn Analysis|R:KPI Scorecard", "Margin and churn for the leadership team" },
  { 'D', "Operations Status Dashboard", DD, TUT | PROD_ONLY, "R:Prod Audit Report|R:Inventory Summary", "Production checks for the operations team" },
  { 'D', "Financial Statements", DO, TUT, "R:Profit and Loss Statement|R:Quarterly Financial Summary|R:Budget vs Actual", "Quarterly statements for finance" },
  { 'D', "Quarterly Business Review", DO, TUT, "R:Quarterly Financial Summary|R:Regional Performance Overview|R:KPI Scorecard", "The board's quarterly pack" },
  { 'D', "Monthly Sales Book", DO, TUT, "R:Monthly Sales Trend|R:Revenue Year to Date|R:Running Revenue by Month", "Printed monthly for regional managers" },
  { 'D', "Customer Account Review", DO, TUT, "R:Top 10 Customers|R:Repeat Customer Revenue", "Account review for key customers" },
  { 'D', "Inventory Reorder Report", DO, TUT, "R:Days of Supply Report|R:Discontinued Items Stock", "What to reorder this week" },
  { 'D', "Supplier Scorecard", DO, TUT, "R:Supplier Deliveries|R:Fill Rate by Month", "Deliveries and fill rate by supplier" },

  /* Security filters */
  { 'S', "Northeast Data Only", NULL, TUT, "A:Region", "Region@DESC = \"Northeast\"" },
  { 'S', "USA Only Data", NULL, BOTH, "A:Country", "Country@DESC = \"USA\"" },
  { 'S', "Electronics Only", NULL, TUT, "A:Category", "Category@DESC = \"Electronics\"" },
};

/* The "<metric> by <attribute>" report series. */
static const char * const series_metrics[] = {
  "Revenue", "Units Sold", "Cost", "Profit", "Profit Margin",
};
static const char * const series_attributes[] = {
  "Year", "Quarter", "Month", "Region", "Country", "Call Center",
  "Category", "Subcategory", "Brand", "Customer Region", "Employee",
};

/* ------------------------------------------------------------------------ */
/* Planted differences between tutorial-dev and tutorial-prod                 */
/* ------------------------------------------------------------------------ */

typedef enum
{
  NEWER_IN_DEV,
  NEWER_IN_PROD,
  MOVED,                /* PROD_FOLDER is where production keeps it */
  MOVED_NEWER_IN_DEV,
} PlantedKind;

typedef struct
{
  const char *key;
  PlantedKind kind;
  const char *prod_folder;
} Planted;

/* Objects only in one seed carry DEV_ONLY / PROD_ONLY in the tables. */
static const Planted planted[] = {
  { "A:Year", NEWER_IN_DEV, NULL },
  { "F:Revenue", NEWER_IN_DEV, NULL },
  { "M:Profit Margin", NEWER_IN_DEV, NULL },
  { "L:Northeast Region", NEWER_IN_DEV, NULL },
  { "G:Age Groups", NEWER_IN_DEV, NULL },
  { "R:Revenue by Year", NEWER_IN_DEV, NULL },
  { "R:Category Sales Report", NEWER_IN_DEV, NULL },
  { "D:Sales Overview Dashboard", NEWER_IN_DEV, NULL },
  { "M:Revenue Growth", NEWER_IN_PROD, NULL },
  { "R:Inventory Summary", NEWER_IN_PROD, NULL },
  { "D:Call Center Performance", NEWER_IN_PROD, NULL },
  { "R:Employee Headcount", MOVED, RX },
  { "R:Regional Sales Summary", MOVED_NEWER_IN_DEV, RS },
  { "N:Developers", NEWER_IN_DEV, NULL },
};

static const Planted *
find_planted (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    if (strcmp (planted[i].key, key) == 0)
      return &planted[i];
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Configuration                                                              */
/* ------------------------------------------------------------------------ */

/* Kinds: U user, N user group, O security role. */
typedef struct
{
  char        kind;
  const char *name;
  guint       flags;      /* DEV_ONLY / PROD_ONLY */
  const char *uses;       /* users: the groups they belong to */
  const char *login;      /* users */
  const char *password;
  guint       login_modes;
  guint       privileges;
  const char *def;        /* groups and roles: description */
} ConfigItem;

static const ConfigItem config_items[] = {
  { 'N', "Everyone", 0, NULL, NULL, NULL, 0, 0, "Every user of the environment" },
  { 'N', "System Administrators", 0, NULL, NULL, NULL, 0, 0, "Administer the environment" },
  { 'N', "Developers", 0, NULL, NULL, NULL, 0, 0, "Build schema objects and reports" },
  { 'N', "Report Designers", 0, NULL, NULL, NULL, 0, 0, "Design reports and dashboards" },
  { 'N', "Web Users", 0, NULL, NULL, NULL, 0, 0, "Run reports in Library" },
  { 'N', "LDAP Users", 0, NULL, NULL, NULL, 0, 0, "Imported from the corporate directory" },
  { 'N', "Production Support", PROD_ONLY, NULL, NULL, NULL, 0, 0, "On-call support for production" },
  { 'O', "Normal Users", 0, NULL, NULL, NULL, 0, 0, "Run and export reports" },
  { 'O', "Power Users", 0, NULL, NULL, NULL, 0, 0, "Create and share reports and dashboards" },
  { 'O', "Developer", 0, NULL, NULL, NULL, 0, 0, "Create schema and application objects" },
  { 'U', "Administrator", 0, "N:Everyone|N:System Administrators",
    "administrator", "", SB_LOGIN_STANDARD, SB_PRIV_ALL, NULL },
  { 'U', "Migrator", 0, "N:Everyone|N:Developers",
    "migrator", "Ferry-Migr8!", SB_LOGIN_STANDARD, SB_PRIV_ALL, NULL },
  /* May create and request (import, undo, certification), never approve,
   * reject, apply, validate or certify. */
  { 'U', "Architect", 0, "N:Everyone|N:Developers",
    "architect", "Arch1tect!", SB_LOGIN_STANDARD, SB_PRIV_CREATE_PACKAGE | SB_PRIV_MANAGE_MIGRATION, NULL },
  { 'U', "Analyst", 0, "N:Everyone|N:Report Designers|N:Web Users",
    "analyst", "analyst", SB_LOGIN_STANDARD, 0, NULL },
  { 'U', "LDAP User", 0, "N:Everyone|N:LDAP Users|N:Web Users",
    "ldapuser", "ldap-pass", SB_LOGIN_LDAP, SB_PRIV_MIGRATION, NULL },
  { 'U', "Dev Tester", DEV_ONLY, "N:Everyone|N:Developers",
    "devtester", "devtester", SB_LOGIN_STANDARD, 0, NULL },
};

/* Project security links: trustee → security roles and security filters. */
typedef struct
{
  guint       projects;
  const char *trustee;
  const char *links;
} SecurityLink;

static const SecurityLink security_links[] = {
  { BOTH, "N:Everyone", "O:Normal Users" },
  { TUT, "N:System Administrators", "O:Power Users" },
  { BOTH, "N:Developers", "O:Developer" },
  { BOTH, "U:Administrator", "O:Developer|O:Power Users" },
  { TUT, "U:Analyst", "O:Normal Users|S:Northeast Data Only" },
  { HR, "U:Analyst", "O:Normal Users|S:USA Only Data" },
  { TUT, "U:LDAP User", "O:Normal Users|S:USA Only Data" },
};

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char *id;
  const char *name;
  int   subtype;
} Trustee;

typedef struct
{
  Trustee administrator;
  Trustee system_administrators;
  Trustee developers;
  Trustee everyone;
} Trustees;

static char *
config_id (char        kind,
           const char *name)
{
  if (kind == 'U' && strcmp (name, "Administrator") == 0)
    return g_strdup (SB_ADMINISTRATOR_ID);
  return sb_hex_from_text ("config:%c:%s", kind, name);
}

static void
trustees_init (Trustees *t)
{
  t->administrator = (Trustee) { config_id ('U', "Administrator"), "Administrator", SB_SUBTYPE_USER };
  t->system_administrators = (Trustee) { config_id ('N', "System Administrators"),
                                         "System Administrators", SB_SUBTYPE_USER_GROUP };
  t->developers = (Trustee) { config_id ('N', "Developers"), "Developers", SB_SUBTYPE_USER_GROUP };
  t->everyone = (Trustee) { config_id ('N', "Everyone"), "Everyone", SB_SUBTYPE_USER_GROUP };
}

static void
trustees_clear (Trustees *t)
{
  g_free (t->administrator.id);
  g_free (t->system_administrators.id);
  g_free (t->developers.id);
  g_free (t->everyone.id);
}

static void
acl_add (JsonArray     *acl,
         const Trustee *trustee,
         int            rights,
         gboolean       inheritable)
{
  JsonObject *ace = json_object_new ();

  json_object_set_boolean_member (ace, "deny", FALSE);
  json_object_set_int_member (ace, "type", 1);
  json_object_set_int_member (ace, "rights", rights);
  json_object_set_string_member (ace, "trusteeId", trustee->id);
  json_object_set_string_member (ace, "trusteeName", trustee->name);
  json_object_set_int_member (ace, "trusteeType", SB_TYPE_USER);
  json_object_set_int_member (ace, "trusteeSubtype", trustee->subtype);
  json_object_set_boolean_member (ace, "inheritable", inheritable);
  json_array_add_object_element (acl, ace);
}

/* Administrator and System Administrators: full control; Developers may
 * modify; Everyone may view. Folders pass their entries down. */
static void
acl_fill_project (JsonArray      *acl,
                  const Trustees *t,
                  gboolean        folder)
{
  acl_add (acl, &t->administrator, RIGHTS_FULL, folder);
  acl_add (acl, &t->system_administrators, RIGHTS_FULL, folder);
  acl_add (acl, &t->developers, RIGHTS_MODIFY, folder);
  acl_add (acl, &t->everyone, RIGHTS_VIEW, folder);
}

static void
acl_fill_config (JsonArray      *acl,
                 const Trustees *t)
{
  acl_add (acl, &t->administrator, RIGHTS_FULL, FALSE);
  acl_add (acl, &t->system_administrators, RIGHTS_FULL, FALSE);
  acl_add (acl, &t->everyone, RIGHTS_BROWSE, FALSE);
}

static guint32
id_hash (const char *id)
{
  guint32 h = 0;

  for (guint i = 0; i < 8 && id[i]; i++)
    h = (h << 4) | (guint32) g_ascii_xdigit_value (id[i]);
  return h;
}

/* Creation between February 2019 and late 2022, modification up to 1.5
 * years later: always before 2024-06-30, so planted changes are newer. */
static void
base_dates (const char *id,
            gint64     *created,
            gint64     *modified)
{
  guint32 h = id_hash (id);

  *created = T_2019_01_01 + (31 + h % 1370) * DAY_MS + ((h >> 3) % 86400) * 1000;
  *modified = *created + ((h >> 13) % 550) * DAY_MS + ((h >> 7) % 36000) * 1000;
}

/* Folders: made in the project's first weeks, renamed or re-secured later. */
static void
folder_dates (const char *id,
              gint64      project_created,
              gint64     *created,
              gint64     *modified)
{
  guint32 h = id_hash (id);

  *created = project_created + (h % 20) * DAY_MS + ((h >> 3) % 36000) * 1000;
  *modified = *created + ((h >> 13) % 500) * DAY_MS + ((h >> 7) % 36000) * 1000;
}

static SbObject *
object_new (const char     *id,
            const char     *name,
            int             type,
            int             subtype,
            const char     *version,
            gint64          created,
            gint64          modified,
            const char     *parent_id,
            const Trustees *t)
{
  SbObject *o = sb_object_new ();

  o->id = g_strdup (id);
  o->name = g_strdup (name);
  o->type = type;
  o->subtype = subtype;
  o->version = g_strdup (version);
  o->created = created;
  o->modified = modified;
  o->owner_id = g_strdup (t->administrator.id);
  o->owner_name = g_strdup (t->administrator.name);
  o->parent_id = g_strdup (parent_id);
  return o;
}

static void
set_project_meta (SbProject  *project,
                  gint64      created,
                  gint64      modified,
                  const char *alias)
{
  project->created = created;
  project->modified = modified;
  g_free (project->alias);
  project->alias = g_strdup (alias);
}

static JsonArray *
string_array (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv && strv[i]; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

/* ------------------------------------------------------------------------ */
/* Building a project from the tables                                         */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const SeedItem *item;
  char           *id;
} Entry;

typedef struct
{
  SbStore    *store;
  SeedMode    mode;
  Trustees    trustees;
  SbProject  *project;
  guint       project_bit;
  gboolean    planted;     /* the Tutorial project carries the differences */
  GHashTable *folders;     /* path → id (owned) */
  GHashTable *registry;    /* "K:Name" → Entry* of this project and seed */
  GHashTable *known;       /* every key of the tables (owned) */
  GArray     *items;       /* SeedItem: the tables plus the generated series */
  GPtrArray  *strings;     /* owned strings the generated items point to */
} Build;

static void
entry_free (Entry *entry)
{
  g_free (entry->id);
  g_free (entry);
}

static char *
item_key (const SeedItem *item)
{
  return g_strdup_printf ("%c:%s", item->kind, item->name);
}

static char *
item_id (const SeedItem *item)
{
  if (item->kind == 'A' && strcmp (item->name, "Year") == 0)
    return g_strdup (SB_YEAR_ID);
  return sb_hex_from_text ("tutorial:%c:%s", item->kind, item->name);
}

static const KindInfo *
find_kind (char kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_info); i++)
    if (kind_info[i].kind == kind)
      return &kind_info[i];
  g_assert_not_reached ();
  return NULL;
}

static const char *
ensure_folder (Build      *b,
               const char *path)
{
  const char *id;
  const char *slash;
  g_autofree char *parent_path = NULL;
  g_autofree char *version = NULL;
  g_autofree char *new_id = NULL;
  const char *parent_id;
  SbObject *folder;
  gint64 created, modified;

  if (path == NULL || *path == '\0')
    return b->project->root_folder_id;
  id = g_hash_table_lookup (b->folders, path);
  if (id != NULL)
    return id;

  slash = strrchr (path, '\\');
  parent_path = slash ? g_strndup (path, (gsize) (slash - path)) : NULL;
  parent_id = ensure_folder (b, parent_path);

  new_id = sb_hex_from_text ("tutorial:folder:%s", path);
  version = sb_hex_from_text ("tutorial:%s:v1", new_id);
  folder_dates (new_id, b->project->created, &created, &modified);
  folder = object_new (new_id, slash ? slash + 1 : path, SB_TYPE_FOLDER, SB_SUBTYPE_FOLDER,
                       version, created, modified, parent_id, &b->trustees);
  acl_fill_project (folder->acl, &b->trustees, TRUE);
  json_object_set_string_member (folder->definition, "folderType", "standard");
  json_object_set_boolean_member (folder->definition, "hidden", FALSE);
  sb_project_add_object (b->project, folder);

  g_hash_table_insert (b->folders, g_strdup (path), g_strdup (new_id));
  return g_hash_table_lookup (b->folders, path);
}

static void
add_root (Build      *b,
          const char *root_name)
{
  g_autofree char *id = sb_hex_from_text ("tutorial:root:%s", b->project->id);
  g_autofree char *version = sb_hex_from_text ("tutorial:%s:v1", id);
  SbObject *root;

  root = object_new (id, root_name, SB_TYPE_FOLDER, SB_SUBTYPE_FOLDER, version,
                     b->project->created, b->project->created, NULL, &b->trustees);
  acl_fill_project (root->acl, &b->trustees, TRUE);
  json_object_set_string_member (root->definition, "folderType", "root");
  json_object_set_boolean_member (root->definition, "hidden", FALSE);
  sb_project_add_object (b->project, root);

  g_free (b->project->root_folder_id);
  b->project->root_folder_id = g_strdup (id);

  for (guint i = 0; i < G_N_ELEMENTS (skeleton); i++)
    ensure_folder (b, skeleton[i]);
}

static void
collect_items (Build *b)
{
  b->items = g_array_new (FALSE, FALSE, sizeof (SeedItem));
  b->strings = g_ptr_array_new_with_free_func (g_free);

  g_array_append_vals (b->items, items, G_N_ELEMENTS (items));

  for (guint m = 0; m < G_N_ELEMENTS (series_metrics); m++)
    for (guint a = 0; a < G_N_ELEMENTS (series_attributes); a++)
      {
        const char *metric = series_metrics[m];
        const char *attribute = series_attributes[a];
        char *name = g_strdup_printf ("%s by %s", metric, attribute);
        char *uses = g_strdup_printf ("E:Basic Grid|M:%s|A:%s", metric, attribute);
        SeedItem item = { 'R', name, NULL, TUT, uses, NULL };

        if (a <= 2)
          item.flags |= GRAPH;
        else if (a >= 6 && a <= 8)
          item.flags |= GRID_GRAPH;
        if (strcmp (attribute, "Customer Region") == 0)
          item.folder = RC;
        else if (strcmp (attribute, "Employee") == 0)
          item.folder = RH;
        else if (m <= 1)
          item.folder = RS;
        else
          item.folder = RF;

        g_ptr_array_add (b->strings, name);
        g_ptr_array_add (b->strings, uses);
        g_array_append_val (b->items, item);
      }
}

static gboolean
item_included (Build          *b,
               const SeedItem *item)
{
  if ((item->flags & b->project_bit) == 0)
    return FALSE;
  if ((item->flags & DEV_ONLY) && b->mode != MODE_DEV)
    return FALSE;
  if ((item->flags & PROD_ONLY) && b->mode != MODE_PROD)
    return FALSE;
  return TRUE;
}

static void
build_registry (Build *b)
{
  b->registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  b->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < b->items->len; i++)
    {
      const SeedItem *item = &g_array_index (b->items, SeedItem, i);
      char *key = item_key (item);

      g_hash_table_add (b->known, g_strdup (key));
      if (item_included (b, item))
        {
          Entry *entry = g_new0 (Entry, 1);
          entry->item = item;
          entry->id = item_id (item);
          g_hash_table_replace (b->registry, key, entry);
        }
      else
        g_free (key);
    }
}

/* The entries ITEM uses that exist in this project, in table order. */
static GPtrArray *
resolve_uses (Build          *b,
              const SeedItem *item)
{
  GPtrArray *out = g_ptr_array_new ();
  g_auto(GStrv) keys = NULL;

  if (item->uses == NULL)
    return out;
  keys = g_strsplit (item->uses, "|", -1);
  for (guint i = 0; keys[i]; i++)
    {
      Entry *entry = g_hash_table_lookup (b->registry, keys[i]);

      if (entry != NULL)
        g_ptr_array_add (out, entry);
      else if (!g_hash_table_contains (b->known, keys[i]))
        g_critical ("Seed item %c:%s uses unknown %s", item->kind, item->name, keys[i]);
    }
  return out;
}

/* Names of the used entries of kind KIND (or of any of KINDS). */
static JsonArray *
names_of (GPtrArray  *uses,
          const char *kinds)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < uses->len; i++)
    {
      Entry *entry = g_ptr_array_index (uses, i);
      if (strchr (kinds, entry->item->kind) != NULL)
        json_array_add_string_element (array, entry->item->name);
    }
  return array;
}

static const char *
first_name_of (GPtrArray *uses,
               char       kind)
{
  for (guint i = 0; i < uses->len; i++)
    {
      Entry *entry = g_ptr_array_index (uses, i);
      if (entry->item->kind == kind)
        return entry->item->name;
    }
  return NULL;
}

static void
fill_definition (JsonObject     *def,
                 const SeedItem *item,
                 GPtrArray      *uses)
{
  switch (item->kind)
    {
    case 'T':
      {
        g_auto(GStrv) columns = g_strsplit (item->def, ",", -1);
        json_object_set_string_member (def, "physicalTable", item->name);
        json_object_set_string_member (def, "dbInstance", "Tutorial Data");
        json_object_set_array_member (def, "columns", string_array ((const char * const *) columns));
      }
      break;
    case 'A':
      {
        JsonArray *forms = json_array_new ();
        JsonObject *form = json_object_new ();
        const char *lookup = first_name_of (uses, 'T');

        json_object_set_string_member (form, "name", "ID");
        json_object_set_string_member (form, "expression", item->def);
        json_array_add_object_element (forms, form);
        json_object_set_array_member (def, "forms", forms);
        if (lookup)
          json_object_set_string_member (def, "lookupTable", lookup);
        else
          json_object_set_null_member (def, "lookupTable");
        json_object_set_array_member (def, "parents", names_of (uses, "A"));
      }
      break;
    case 'F':
      json_object_set_string_member (def, "expression", item->def);
      json_object_set_array_member (def, "sourceTables", names_of (uses, "T"));
      break;
    case 'X':
      json_object_set_string_member (def, "memberAttribute", first_name_of (uses, 'A'));
      json_object_set_string_member (def, "expression", item->def);
      break;
    case 'H':
      json_object_set_array_member (def, "levels", names_of (uses, "A"));
      break;
    case 'M':
      json_object_set_string_member (def, "expression", item->def);
      json_object_set_string_member (def, "format",
                                     strchr (item->def, '/') ? "0.00%" : "#,##0");
      break;
    case 'L':
    case 'S':
      json_object_set_string_member (def, "qualification", item->def);
      break;
    case 'G':
      json_object_set_array_member (def, "elements", names_of (uses, "AM"));
      break;
    case 'P':
      json_object_set_string_member (def, "title", item->def);
      json_object_set_string_member (def, "promptType",
                                     first_name_of (uses, 'M') ? "objects" : "elements");
      json_object_set_boolean_member (def, "required", FALSE);
      json_object_set_array_member (def, "source", names_of (uses, "AM"));
      break;
    case 'E':
      json_object_set_array_member (def, "rows", names_of (uses, "A"));
      json_object_set_array_member (def, "columns", names_of (uses, "M"));
      break;
    case 'R':
      {
        const char *view = "grid";
        const char *tmpl = first_name_of (uses, 'E');

        if (item->flags & CUBE)
          view = "cube";
        else if (item->flags & GRAPH)
          view = "graph";
        else if (item->flags & GRID_GRAPH)
          view = "grid_graph";
        if (tmpl)
          json_object_set_string_member (def, "template", tmpl);
        else
          json_object_set_null_member (def, "template");
        json_object_set_array_member (def, "rows", names_of (uses, "AG"));
        json_object_set_array_member (def, "columns", names_of (uses, "M"));
        json_object_set_array_member (def, "filters", names_of (uses, "L"));
        json_object_set_array_member (def, "prompts", names_of (uses, "P"));
        json_object_set_string_member (def, "view", view);
      }
      break;
    case 'D':
      json_object_set_array_member (def, "datasets", names_of (uses, "R"));
      json_object_set_int_member (def, "pages", (gint64) uses->len);
      json_object_set_string_member (def, "kind",
                                     g_str_has_prefix (item->folder, DD) ? "dashboard" : "document");
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_item (Build          *b,
          const SeedItem *item,
          Entry          *entry)
{
  const KindInfo *info = find_kind (item->kind);
  g_autofree char *key = item_key (item);
  g_autoptr(GPtrArray) uses = resolve_uses (b, item);
  const Planted *plant = b->planted ? find_planted (key) : NULL;
  const char *folder = item->folder ? item->folder : info->folder;
  g_autofree char *version = NULL;
  gint64 created, modified;
  int subtype = info->subtype;
  guint32 h = id_hash (entry->id);
  gboolean newer = FALSE;
  SbObject *o;

  if (item->flags & CUBE)
    subtype = SB_SUBTYPE_CUBE;
  else if (item->flags & GRAPH)
    subtype = SB_SUBTYPE_REPORT_GRAPH;
  else if (item->flags & GRID_GRAPH)
    subtype = SB_SUBTYPE_REPORT_GRID_GRAPH;

  if (strcmp (entry->id, SB_YEAR_ID) == 0)
    {
      version = g_strdup (YEAR_VERSION);
      created = YEAR_CREATED;
      modified = YEAR_MODIFIED;
    }
  else
    {
      version = sb_hex_from_text ("tutorial:%s:v1", entry->id);
      base_dates (entry->id, &created, &modified);
    }

  /* Work that exists in one environment only was done recently. */
  if (item->flags & DEV_ONLY)
    {
      created = T_2024_09_02 + (h % 25) * DAY_MS + 10 * HOUR_MS;
      modified = created + (5 + (h >> 8) % 20) * DAY_MS + ((h >> 4) % 7200) * 1000;
    }
  else if (item->flags & PROD_ONLY)
    {
      created = T_2024_08_01 + (h % 30) * DAY_MS + 15 * HOUR_MS;
      modified = created + (30 + (h >> 8) % 60) * DAY_MS + ((h >> 4) % 7200) * 1000;
    }

  if (plant != NULL)
    {
      if ((plant->kind == MOVED || plant->kind == MOVED_NEWER_IN_DEV) && b->mode == MODE_PROD)
        folder = plant->prod_folder;
      if ((plant->kind == NEWER_IN_DEV || plant->kind == MOVED_NEWER_IN_DEV) && b->mode == MODE_DEV)
        {
          newer = TRUE;
          modified = T_2024_10_01 + (h % 40) * DAY_MS + 9 * HOUR_MS + ((h >> 6) % 3600) * 1000;
        }
      else if (plant->kind == NEWER_IN_PROD && b->mode == MODE_PROD)
        {
          newer = TRUE;
          modified = T_2024_11_15 + (h % 30) * DAY_MS + 14 * HOUR_MS + ((h >> 6) % 3600) * 1000;
        }
      if (newer)
        {
          g_free (version);
          version = sb_hex_from_text ("tutorial:%s:v2", entry->id);
        }
    }

  o = object_new (entry->id, item->name, info->type, subtype, version, created, modified,
                  ensure_folder (b, folder), &b->trustees);
  if (item->kind == 'D')
    o->description = g_strdup (item->def);
  acl_fill_project (o->acl, &b->trustees, FALSE);
  fill_definition (o->definition, item, uses);
  if (newer)
    {
      json_object_set_int_member (o->definition, "revision", 2);
      json_object_set_string_member (o->definition, "changeNote",
                                     b->mode == MODE_DEV ? "Reworked in development"
                                                         : "Hotfix made in production");
    }
  for (guint i = 0; i < uses->len; i++)
    {
      Entry *used = g_ptr_array_index (uses, i);
      g_ptr_array_add (o->uses, g_strdup (used->id));
    }
  sb_project_add_object (b->project, o);
}

static void
add_security_links (Build *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (security_links); i++)
    {
      const SecurityLink *link = &security_links[i];
      g_auto(GStrv) keys = NULL;
      JsonArray *array;

      if ((link->projects & b->project_bit) == 0)
        continue;
      array = json_array_new ();
      keys = g_strsplit (link->links, "|", -1);
      for (guint k = 0; keys[k]; k++)
        {
          JsonObject *obj = json_object_new ();
          const char *name = keys[k] + 2;

          if (keys[k][0] == 'O')
            {
              g_autofree char *id = config_id ('O', name);
              json_object_set_string_member (obj, "type", "security_role");
              json_object_set_string_member (obj, "id", id);
            }
          else
            {
              Entry *entry = g_hash_table_lookup (b->registry, keys[k]);

              if (entry == NULL)
                {
                  g_critical ("Seed security link to unknown %s", keys[k]);
                  json_object_unref (obj);
                  continue;
                }
              json_object_set_string_member (obj, "type", "security_filter");
              json_object_set_string_member (obj, "id", entry->id);
            }
          json_object_set_string_member (obj, "name", name);
          json_array_add_object_element (array, obj);
        }
      g_hash_table_replace (b->project->security_links,
                            config_id (link->trustee[0], link->trustee + 2), array);
    }
}

static void
build_clear (Build *b)
{
  g_clear_pointer (&b->folders, g_hash_table_unref);
  g_clear_pointer (&b->registry, g_hash_table_unref);
  g_clear_pointer (&b->known, g_hash_table_unref);
  g_clear_pointer (&b->items, g_array_unref);
  g_clear_pointer (&b->strings, g_ptr_array_unref);
  trustees_clear (&b->trustees);
}

/* A project of the tutorial family; CONTENT FALSE gives the folders only. */
static void
build_project (SbStore    *store,
               SeedMode    mode,
               const char *id,
               const char *name,
               const char *description,
               guint       project_bit,
               gint64      created,
               gboolean    content)
{
  Build b = { 0 };

  b.store = store;
  b.mode = mode;
  trustees_init (&b.trustees);
  b.project = sb_store_add_project (store, id, name, description);
  b.project_bit = project_bit;
  b.planted = project_bit == IN_TUT;
  b.folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  set_project_meta (b.project, created, T_2024_06_30, "");

  add_root (&b, name);

  if (content)
    {
      collect_items (&b);
      build_registry (&b);
      for (guint i = 0; i < b.items->len; i++)
        {
          const SeedItem *item = &g_array_index (b.items, SeedItem, i);
          g_autofree char *key = item_key (item);
          Entry *entry = g_hash_table_lookup (b.registry, key);

          if (entry != NULL && entry->item == item)
            add_item (&b, item, entry);
        }
      add_security_links (&b);
    }

  build_clear (&b);
}

/* ------------------------------------------------------------------------ */
/* Configuration                                                              */
/* ------------------------------------------------------------------------ */

static void
build_configuration (SbStore *store,
                     SeedMode mode)
{
  SbProject *conf = store->configuration;
  Trustees t;

  trustees_init (&t);
  set_project_meta (conf, T_2019_01_07, T_2024_06_30, "");

  for (guint i = 0; i < G_N_ELEMENTS (config_items); i++)
    {
      const ConfigItem *item = &config_items[i];
      g_autofree char *id = NULL;
      g_autofree char *version = NULL;
      g_autofree char *key = g_strdup_printf ("%c:%s", item->kind, item->name);
      const Planted *plant = find_planted (key);
      gboolean newer = FALSE;
      gint64 created, modified;
      guint32 h;
      int type = SB_TYPE_USER, subtype;
      SbObject *o;

      if ((item->flags & DEV_ONLY) && mode != MODE_DEV)
        continue;
      if ((item->flags & PROD_ONLY) && mode != MODE_PROD)
        continue;

      id = config_id (item->kind, item->name);
      h = id_hash (id);
      version = sb_hex_from_text ("config:%s:v1", id);
      base_dates (id, &created, &modified);
      if (item->flags & DEV_ONLY)
        {
          created = T_2024_09_02 + (h % 25) * DAY_MS + 10 * HOUR_MS;
          modified = created + (5 + (h >> 8) % 20) * DAY_MS;
        }
      else if (item->flags & PROD_ONLY)
        {
          created = T_2024_08_01 + (h % 30) * DAY_MS + 15 * HOUR_MS;
          modified = created + (30 + (h >> 8) % 60) * DAY_MS;
        }
      if (plant != NULL && plant->kind == NEWER_IN_DEV && mode == MODE_DEV)
        {
          newer = TRUE;
          modified = T_2024_10_01 + (h % 40) * DAY_MS + 9 * HOUR_MS;
          g_free (version);
          version = sb_hex_from_text ("config:%s:v2", id);
        }

      if (item->kind == 'U')
        subtype = SB_SUBTYPE_USER;
      else if (item->kind == 'N')
        subtype = SB_SUBTYPE_USER_GROUP;
      else
        {
          type = SB_TYPE_SECURITY_ROLE;
          subtype = SB_SUBTYPE_SECURITY_ROLE;
        }

      o = object_new (id, item->name, type, subtype, version, created, modified, NULL, &t);
      acl_fill_config (o->acl, &t);
      if (item->kind == 'U')
        {
          json_object_set_string_member (o->definition, "login", item->login);
          json_object_set_string_member (o->definition, "fullName", item->name);
          json_object_set_boolean_member (o->definition, "enabled", TRUE);
          json_object_set_int_member (o->definition, "loginModes", item->login_modes);
          json_object_set_boolean_member (o->definition, "standardAuth",
                                          (item->login_modes & SB_LOGIN_STANDARD) != 0);
        }
      else if (item->kind == 'N')
        {
          o->description = g_strdup (item->def);
          json_object_set_string_member (o->definition, "groupType",
                                         strcmp (item->name, "LDAP Users") == 0 ? "ldap" : "standard");
        }
      else
        {
          static const char * const normal[] = { "Use Library", "Execute document", "Export to PDF", NULL };
          static const char * const power[] = { "Use Library", "Execute document", "Export to PDF",
                                                "Create dashboard", "Save personal answer", NULL };
          static const char * const developer[] = { "Use Library", "Execute document", "Create dashboard",
                                                    "Create schema objects", "Use Architect",
                                                    "Create application objects", NULL };
          const char * const *privs = normal;

          if (strcmp (item->name, "Power Users") == 0)
            privs = power;
          else if (strcmp (item->name, "Developer") == 0)
            privs = developer;
          o->description = g_strdup (item->def);
          json_object_set_array_member (o->definition, "privileges", string_array (privs));
        }
      if (newer)
        {
          json_object_set_int_member (o->definition, "revision", 2);
          json_object_set_string_member (o->definition, "changeNote", "Reworked in development");
        }
      if (item->uses)
        {
          g_auto(GStrv) keys = g_strsplit (item->uses, "|", -1);
          for (guint k = 0; keys[k]; k++)
            g_ptr_array_add (o->uses, config_id (keys[k][0], keys[k] + 2));
        }
      sb_project_add_object (conf, o);

      if (item->login != NULL)
        sb_store_add_account (store, item->login, item->password, item->login_modes,
                              id, item->name, item->privileges);
    }

  trustees_clear (&t);
}

/* ------------------------------------------------------------------------ */
/* generated:N                                                                */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *label;
  int         type;
  int         subtype;
  guint       per_mille;
  int         pools[3];   /* lower layers it uses, -1 = none */
  const char *def_key;
} Layer;

static const Layer layers[] = {
  { "Table", SB_TYPE_TABLE, SB_SUBTYPE_TABLE, 80, { -1, -1, -1 }, "physicalTable" },
  { "Attribute", SB_TYPE_ATTRIBUTE, SB_SUBTYPE_ATTRIBUTE, 100, { 0, -1, -1 }, "lookupTable" },
  { "Fact", SB_TYPE_FACT, SB_SUBTYPE_FACT, 60, { 0, -1, -1 }, "expression" },
  { "Metric", SB_TYPE_METRIC, SB_SUBTYPE_METRIC, 220, { 2, 1, -1 }, "expression" },
  { "Filter", SB_TYPE_FILTER, SB_SUBTYPE_FILTER, 100, { 1, 3, -1 }, "qualification" },
  { "Template", SB_TYPE_TEMPLATE, SB_SUBTYPE_TEMPLATE, 40, { 1, 3, -1 }, "layout" },
  { "Report", SB_TYPE_REPORT, SB_SUBTYPE_REPORT_GRID, 280, { 3, 4, 5 }, "view" },
  { "Dashboard", SB_TYPE_DOCUMENT, SB_SUBTYPE_DOCUMENT, 120, { 6, -1, -1 }, "datasets" },
};

static const char * const subjects[] = {
  "Sales", "Revenue", "Inventory", "Customer", "Product",
  "Region", "Employee", "Supplier", "Order", "Promotion",
};

static void
build_generated (SbStore *store,
                 guint    n)
{
  Trustees t;
  SbProject *project;
  guint n_folders = MAX (1u, n / 50);
  guint remaining = n - n_folders;
  g_autoptr(GPtrArray) folder_ids = g_ptr_array_new ();   /* borrowed from the objects */
  GPtrArray *pools[G_N_ELEMENTS (layers)];
  guint counts[G_N_ELEMENTS (layers)];
  JsonArray *shared_acl = json_array_new ();
  guint assigned = 0;
  guint serial = 0;

  trustees_init (&t);
  /* Building 100 000 ACLs would take most of the time: the objects share
   * one, sealed so that nothing can change it in place for all of them. */
  acl_fill_project (shared_acl, &t, FALSE);
  json_array_seal (shared_acl);

  project = sb_store_add_project (store, SB_TUTORIAL_ID, TUTORIAL_NAME,
                                  "Generated content for benchmarks");
  set_project_meta (project, T_2001_01_02, T_2024_06_30, "");

  /* Folders: a tree of fan-out 5 under the root. */
  for (guint i = 0; i < n_folders; i++)
    {
      static const char * const top[] = {
        "Public Objects", "Schema Objects", "Data Explorer", "My Personal Objects", "Profiles",
      };
      g_autofree char *id = i == 0 ? sb_hex_from_text ("generated:root")
                                   : sb_hex_from_text ("generated:folder:%u", i);
      g_autofree char *version = sb_hex_from_text ("generated:%s:v1", id);
      g_autofree char *name = NULL;
      const char *parent = i == 0 ? NULL : g_ptr_array_index (folder_ids, (i - 1) / 5);
      gint64 created, modified;
      SbObject *o;

      if (i == 0)
        name = g_strdup (TUTORIAL_NAME);
      else if (i <= G_N_ELEMENTS (top))
        name = g_strdup (top[i - 1]);
      else
        name = g_strdup_printf ("%s %05u", subjects[i % G_N_ELEMENTS (subjects)], i);
      if (i == 0)
        created = modified = project->created;
      else
        folder_dates (id, project->created, &created, &modified);
      o = object_new (id, name, SB_TYPE_FOLDER, SB_SUBTYPE_FOLDER, version, created, modified,
                      parent, &t);
      acl_fill_project (o->acl, &t, TRUE);
      json_object_set_string_member (o->definition, "folderType", i == 0 ? "root" : "standard");
      sb_project_add_object (project, o);
      g_ptr_array_add (folder_ids, o->id);
    }
  project->root_folder_id = g_strdup (g_ptr_array_index (folder_ids, 0));

  for (guint l = 0; l < G_N_ELEMENTS (layers); l++)
    {
      counts[l] = l + 1 == G_N_ELEMENTS (layers) ? remaining - assigned
                                                 : (guint) ((guint64) remaining * layers[l].per_mille / 1000);
      assigned += counts[l];
      pools[l] = g_ptr_array_sized_new (counts[l]);
    }

  for (guint l = 0; l < G_N_ELEMENTS (layers); l++)
    {
      const Layer *layer = &layers[l];

      for (guint j = 0; j < counts[l]; j++, serial++)
        {
          const char *subject = subjects[(j / 7) % G_N_ELEMENTS (subjects)];
          g_autofree char *id = sb_hex_from_text ("generated:%s:%u", layer->label, j);
          g_autofree char *version = sb_hex_from_text ("generated:%s:v1", id);
          g_autofree char *name = NULL;
          const char *parent;
          gint64 created, modified;
          SbObject *o;

          if (l == 0)
            {
              g_autofree char *upper = g_ascii_strup (subject, -1);
              name = g_strdup_printf ("%s_%06u", upper, j);
            }
          else
            name = g_strdup_printf ("%s %s %06u", subject, layer->label, j);
          parent = n_folders > 1 ? g_ptr_array_index (folder_ids, 1 + serial % (n_folders - 1))
                                 : g_ptr_array_index (folder_ids, 0);
          base_dates (id, &created, &modified);
          o = object_new (id, name, layer->type, layer->subtype, version, created, modified,
                          parent, &t);
          json_array_unref (o->acl);
          o->acl = json_array_ref (shared_acl);
          json_object_set_string_member (o->definition, layer->def_key, name);

          for (guint p = 0; p < G_N_ELEMENTS (layer->pools) && layer->pools[p] >= 0; p++)
            {
              GPtrArray *pool = pools[layer->pools[p]];
              guint want = p == 0 ? 1 + j % 3 : 1;

              for (guint k = 0; k < want && k < pool->len; k++)
                {
                  guint index = (guint) (((guint64) j * 2654435761u + (guint64) k * 40503u + p) % pool->len);
                  const char *used = g_ptr_array_index (pool, index);
                  gboolean dup = FALSE;

                  for (guint u = 0; u < o->uses->len && !dup; u++)
                    dup = strcmp (g_ptr_array_index (o->uses, u), used) == 0;
                  if (!dup)
                    g_ptr_array_add (o->uses, g_strdup (used));
                }
            }

          sb_project_add_object (project, o);
          g_ptr_array_add (pools[l], o->id);
        }
    }

  for (guint l = 0; l < G_N_ELEMENTS (layers); l++)
    g_ptr_array_unref (pools[l]);
  json_array_unref (shared_acl);
  trustees_clear (&t);
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                                */
/* ------------------------------------------------------------------------ */

gboolean
sb_seed_apply (SbStore    *store,
               const char *seed,
               GError    **error)
{
  guint64 n = 0;
  SeedMode mode;

  g_return_val_if_fail (store != NULL, FALSE);

  if (g_strcmp0 (seed, "tutorial-dev") == 0)
    mode = MODE_DEV;
  else if (g_strcmp0 (seed, "tutorial-prod") == 0)
    mode = MODE_PROD;
  else if (g_strcmp0 (seed, "empty") == 0)
    mode = MODE_NEUTRAL;
  else if (seed != NULL && g_str_has_prefix (seed, "generated:") &&
           g_ascii_string_to_unsigned (seed + strlen ("generated:"), 10, 1, 10000000, &n, NULL))
    mode = MODE_NEUTRAL;
  else
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Unknown seed '%s': expected tutorial-dev, tutorial-prod, empty or generated:N",
                   seed ? seed : "");
      return FALSE;
    }

  build_configuration (store, mode);

  if (n > 0)
    build_generated (store, (guint) n);
  else
    {
      gboolean content = mode != MODE_NEUTRAL;

      build_project (store, mode, SB_TUTORIAL_ID, TUTORIAL_NAME,
                     "MicroStrategy Tutorial project and application set designed to illustrate "
                     "the platform's rich functionality",
                     IN_TUT, T_2001_01_02, content);
      build_project (store, mode, SB_SECOND_PROJECT_ID, HR_PROJECT_NAME,
                     "Workforce analysis: headcount, hiring, turnover and compensation",
                     IN_HR, T_2019_03_11, content);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Migration records for list benchmarks                                      */
/* ------------------------------------------------------------------------ */

#define SEED_SOURCE_URL "http://dev.example.com/MicroStrategyLibrary/"
#define SEED_TARGET_URL "http://prod.example.com/MicroStrategyLibrary/"

static JsonObject *
seed_settings (gboolean merge)
{
  JsonObject *settings = json_object_new ();
  JsonArray *acl = json_array_new ();

  json_array_add_string_element (acl, "keep_acl_as_source_object");
  json_object_set_null_member (settings, "updateSchema");
  json_object_set_string_member (settings, "aclOnReplacingObjects", "use_existing");
  json_object_set_array_member (settings, "aclOnNewObjects", acl);
  if (merge)
    {
      json_object_set_boolean_member (settings, "validateDependencies", TRUE);
      json_object_set_string_member (settings, "defaultAction", "use_newer");
      json_object_set_array_member (settings, "folderActions", json_array_new ());
      json_object_set_array_member (settings, "objectTypeActions", json_array_new ());
      json_object_set_array_member (settings, "objectActions", json_array_new ());
      json_object_set_string_member (settings, "translationAction", "not_merged");
    }
  else
    json_object_set_string_member (settings, "defaultAction", "replace");
  return settings;
}

static JsonObject *
seed_storage (const char *relative,
              gint64      size)
{
  JsonObject *storage = json_object_new ();

  json_object_set_int_member (storage, "size", size);
  json_object_set_string_member (storage, "path", relative);
  return storage;
}

void
sb_seed_migrations (SbStore *store,
                    guint    n)
{
  static const char *const topics[] = {
    "Sales dashboards", "Finance metrics", "HR attrition reports", "Inventory cubes",
    "Marketing attribution", "Executive scorecards", "Supply chain KPIs",
    "Customer 360 dossier", "Regional revenue reports", "Security filters",
    "Quarter close package", "Forecast models", "Store operations", "Web analytics",
  };
  static const char *const kinds[] = {
    "release", "hotfix", "refresh", "rollout", "sync", "cleanup",
  };
  /* imported ×3, import_failed, undo_success, created (not yet imported) */
  static const char *const statuses[] = {
    "imported", "imported", "imported", "import_failed", "undo_success", "created",
  };
  const gint64 day_ms = G_GINT64_CONSTANT (24) * 3600 * 1000;
  const gint64 span = 400 * day_ms;
  gint64 now = sb_now_ms ();
  SbProject *project = sb_store_get_project (store, SB_TUTORIAL_ID);
  const char *project_name = project != NULL ? project->name : "MicroStrategy Tutorial";

  for (guint k = 0; k < n; k++)
    {
      g_autofree char *package_id = sb_hex_from_text ("seeded migration package %u", k);
      g_autofree char *import_id = sb_hex_from_text ("seeded migration import %u", k);
      g_autofree char *id = g_strdup_printf ("%s:%s", package_id, import_id);
      gboolean merge = k % 5 == 3;
      const char *status = statuses[k % G_N_ELEMENTS (statuses)];
      gboolean created_only = g_str_equal (status, "created");
      gint64 spacing = span / MAX (n, 1);
      gint64 created = now - span + spacing * k + spacing * ((k * 7919) % 1000) / 2000;
      gint64 package_done = created + 20000 + (gint64) (k % 13) * 1000;
      gint64 imported = package_done + day_ms / 2 + (gint64) (k % 29) * 3600000;
      g_autofree char *created_text = sb_format_time (created);
      g_autofree char *package_done_text = sb_format_time (package_done);
      g_autofree char *imported_text = sb_format_time (imported);
      g_autoptr(GDateTime) day_time = g_date_time_new_from_unix_utc (created / 1000);
      g_autofree char *day = g_date_time_format (day_time, "%Y-%m-%d");
      g_autofree char *path = g_strdup_printf ("mstr/shared/migrations/packages/%s/%s.mmp", day, package_id);
      g_autofree char *undo_path = g_strdup_printf ("mstr/shared/migrations/undo/%s/%s.mmp", package_id, import_id);
      g_autofree char *name = NULL;
      JsonObject *record;
      JsonObject *p;
      JsonObject *i;
      JsonObject *toc;
      SbMigration *m;

      if (g_hash_table_contains (store->migrations, id))
        continue;

      if (merge)
        name = g_strdup_printf ("Project merge %s %u", kinds[k % G_N_ELEMENTS (kinds)], k + 1);
      else
        name = g_strdup_printf ("%s %s %u", topics[k % G_N_ELEMENTS (topics)],
                                kinds[(k / G_N_ELEMENTS (topics)) % G_N_ELEMENTS (kinds)], k + 1);

      toc = json_object_new ();
      json_object_set_object_member (toc, "settings", seed_settings (merge));
      if (!merge)
        {
          JsonArray *content = json_array_new ();
          JsonObject *item = json_object_new ();

          json_object_set_string_member (item, "id", SB_YEAR_ID);
          json_object_set_string_member (item, "name", "Year");
          json_object_set_int_member (item, "type", SB_TYPE_ATTRIBUTE);
          json_object_set_string_member (item, "action", "replace");
          json_object_set_boolean_member (item, "includeDependents", TRUE);
          json_array_add_object_element (content, item);
          json_object_set_array_member (toc, "content", content);
        }

      p = json_object_new ();
      json_object_set_string_member (p, "id", package_id);
      json_object_set_boolean_member (p, "replicated", FALSE);
      json_object_set_string_member (p, "type", "project");
      json_object_set_string_member (p, "purpose", merge ? "project_merge" : "object_migration");
      json_object_set_string_member (p, "name", name);
      json_object_set_object_member (p, "creator", sb_json_id_name (SB_ADMINISTRATOR_ID, "Administrator"));
      json_object_set_string_member (p, "creationDate", created_text);
      json_object_set_string_member (p, "lastUpdatedDate", package_done_text);
      json_object_set_object_member (p, "environment", sb_json_id_name (SEED_SOURCE_URL, SEED_SOURCE_URL));
      json_object_set_object_member (p, "storage",
                                     seed_storage (path, 40000 + (gint64) (k % 211) * 1733));
      json_object_set_object_member (p, "project", sb_json_id_name (SB_TUTORIAL_ID, project_name));
      json_object_set_string_member (p, "status", created_only ? "created" : "locked");
      json_object_set_string_member (p, "message", "");
      json_object_set_int_member (p, "progress", 100);
      json_object_set_boolean_member (p, "deleted", FALSE);
      json_object_set_boolean_member (p, "existing", TRUE);
      json_object_set_object_member (p, "tocView", toc);
      json_object_set_object_member (p, "treeView", json_object_new ());

      i = json_object_new ();
      json_object_set_string_member (i, "id", import_id);
      json_object_set_object_member (i, "creator",
                                     created_only ? json_object_new ()
                                                  : sb_json_id_name (SB_ADMINISTRATOR_ID, "Administrator"));
      json_object_set_string_member (i, "creationDate", created_text);
      json_object_set_string_member (i, "lastUpdatedDate", created_only ? created_text : imported_text);
      json_object_set_object_member (i, "environment", sb_json_id_name (SEED_TARGET_URL, SEED_TARGET_URL));
      json_object_set_string_member (i, "status", created_only ? "pending" : status);
      json_object_set_string_member (i, "importRequestStatus", created_only ? "pending" : "approved");
      json_object_set_string_member (i, "undoRequestStatus",
                                     g_str_equal (status, "undo_success") ? "approved" : "pending");
      json_object_set_int_member (i, "progress", created_only ? 0 : 100);
      json_object_set_string_member (i, "message",
                                     g_str_equal (status, "import_failed")
                                     ? "validateDependencies: objects in the target would use objects that are missing"
                                     : "");
      if (g_str_equal (status, "imported") || g_str_equal (status, "undo_success"))
        json_object_set_object_member (i, "undoStorage",
                                       seed_storage (undo_path, 2000 + (gint64) (k % 37) * 211));
      else
        json_object_set_object_member (i, "undoStorage", json_object_new ());
      json_object_set_object_member (i, "project", sb_json_id_name (SB_TUTORIAL_ID, project_name));
      json_object_set_boolean_member (i, "deleted", FALSE);

      record = json_object_new ();
      json_object_set_string_member (record, "id", id);
      json_object_set_object_member (record, "packageInfo", p);
      json_object_set_object_member (record, "importInfo", i);
      json_object_set_string_member (record, "version", "2");

      m = g_new0 (SbMigration, 1);
      m->id = g_steal_pointer (&id);
      m->record = record;
      m->source_role = TRUE;
      sb_store_add_migration (store, m);
      /* Kept as text from now on: one tree at a time while seeding. */
      sb_store_release_records (store);
    }
}
