from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The 17 first-level administrative divisions (시·도), 광주 first: the academy's city."""

    GWANGJU = "gwangju", _("Gwangju")
    SEOUL = "seoul", _("Seoul")
    BUSAN = "busan", _("Busan")
    DAEGU = "daegu", _("Daegu")
    INCHEON = "incheon", _("Incheon")
    DAEJEON = "daejeon", _("Daejeon")
    ULSAN = "ulsan", _("Ulsan")
    SEJONG = "sejong", _("Sejong")
    GYEONGGI = "gyeonggi", _("Gyeonggi")
    GANGWON = "gangwon", _("Gangwon")
    CHUNGBUK = "chungbuk", _("Chungbuk")
    CHUNGNAM = "chungnam", _("Chungnam")
    JEONBUK = "jeonbuk", _("Jeonbuk")
    JEONNAM = "jeonnam", _("Jeonnam")
    GYEONGBUK = "gyeongbuk", _("Gyeongbuk")
    GYEONGNAM = "gyeongnam", _("Gyeongnam")
    JEJU = "jeju", _("Jeju")
    REMOTE = "remote", _("Remote")


HOME_REGION = Region.GWANGJU


class OrganisationScope(models.TextChoices):
    """Whose an integration credential is (an API key, a webhook endpoint): the program
    office, one training operator or one company."""

    OFFICE = "office", _("Program office")
    OPERATOR = "operator", _("Training operator")
    COMPANY = "company", _("Company")


class Role(models.TextChoices):
    PROGRAM_STAFF = "program_staff", _("Program office staff")
    OPERATOR_STAFF = "operator_staff", _("Operator staff")
    CONSULTANT = "consultant", _("Job consultant")
    RECRUITER = "recruiter", _("Company recruiter")
    TRAINEE = "trainee", _("Trainee")
    COMMITTEE = "committee", _("Committee member")
